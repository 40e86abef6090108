/**
 * A fixed set of node ids as one bit per id over the range they span: "is
 * this node one of them?" asked of every node of a long chain's factors
 * costs a bit read in an array a few hundred kilobytes long, where a map of
 * 100,000 ids costs a cache miss or two per ask (SPEC §17).
 *
 * Invariant: `has` is exact, with no false positives: every id is a bit of
 * its own (or, for ids spread too far for bits, an entry of a set).
 */
export class IdSet {
  private readonly low: number;
  private readonly bits: Uint32Array;
  /** The ids themselves when they are too far apart for bits (an old node among new ones in a long-lived process). */
  private readonly sparse: Set<number> | undefined;

  constructor(ids: readonly number[]) {
    let low = Infinity;
    let high = -Infinity;
    for (const id of ids) {
      if (id < low) low = id;
      if (id > high) high = id;
    }
    this.low = low === Infinity ? 0 : low;
    const words = high === -Infinity ? 0 : ((high - this.low) >>> 5) + 1;
    // Bits while they cost at most a few words per id: the memory stays in proportion to the ids.
    this.sparse = words > 2 * ids.length + 1024 ? new Set(ids) : undefined;
    this.bits = new Uint32Array(this.sparse === undefined ? words : 0);
    if (this.sparse !== undefined) return;
    for (const id of ids) {
      const at = id - this.low;
      const word = at >>> 5;
      this.bits[word] = this.bits[word]! | (1 << (at & 31));
    }
  }

  has(id: number): boolean {
    if (this.sparse !== undefined) return this.sparse.has(id);
    const at = id - this.low;
    // Past either end the word read is undefined, and undefined & x is 0.
    return at >= 0 && ((this.bits[at >>> 5]! >>> (at & 31)) & 1) === 1;
  }
}
