/**
 * Free names that are really a misspelling (SPEC §5): `dL/dw` written for a
 * derivative reads as the names `dL` and `dw`, `wx` written for a product
 * reads as one name. Given invented values they would make a claim refuted
 * for nothing; instead the claim is unchecked with the spelling that works.
 *
 * Only names that are neither defined nor valued are looked at, and a name
 * is a misspelling only when its parts are names the document defines, so
 * an ordinary free input (`target_o1`, `z`) stays an input.
 */

/** Why a claim with these free names cannot be checked as written, or undefined when none is misspelt. */
export function misspelling(free: readonly string[], known: (name: string) => boolean, written: (name: string) => string): string | undefined {
  // Each misspelt name with the known name it is the differential of (`dL` → `L`).
  const derivatives = free.flatMap((n) => {
    const of = derivativeOf(n, known);
    return of === undefined ? [] : [{ name: n, of }];
  });
  if (derivatives.length >= 2) {
    const [top, bottom] = [derivatives[0]!, derivatives[1]!];
    const [f, x] = [written(top.of), written(bottom.of)];
    return `${written(top.name)}/${written(bottom.name)}: write \\frac{d${f}}{d${x}} or d(${f})/d(${x}) for the derivative`;
  }
  if (derivatives.length === 1) {
    const f = written(derivatives[0]!.of);
    return `${written(derivatives[0]!.name)} is not a name here: write \\frac{d${f}}{d…} or d(${f})/d(…) for a derivative of ${f}`;
  }
  for (const n of free) {
    const parts = productOf(n, known);
    if (parts !== undefined) return `${written(n)} is not a name here: write ${parts.map(written).join(' ')} (or ${parts.map(written).join('*')}) for the product`;
  }
  return undefined;
}

/** `dL` → `L` when L is a known name (also `d_L`, `∂L`). */
function derivativeOf(name: string, known: (name: string) => boolean): string | undefined {
  const m = /^(?:d|∂)_?(.+)$/.exec(name);
  return m !== null && known(m[1]!) ? m[1]! : undefined;
}

/** `wx` → [w, x] when the name is two known names run together. */
function productOf(name: string, known: (name: string) => boolean): string[] | undefined {
  for (let cut = 1; cut < name.length; cut++) {
    const [a, b] = [name.slice(0, cut), name.slice(cut)];
    if (known(a) && known(b)) return [a, b];
  }
  return undefined;
}
