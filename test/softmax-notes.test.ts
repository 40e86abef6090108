/**
 * Notes in a second style (samples/softmax-notes.ko.md: Korean prose, layer
 * superscripts, hats, primes, softmax with a one-hot label, numeric
 * substitution chains, `align` with `\tag`, an inline slash derivative,
 * planted mistakes): every verdict of `nabla check` is the one SymPy gives.
 *
 * The oracle is test/data/softmax-notes-expectations.json, written by
 * test/data/make-softmax-notes-expectations.py, which states the network
 * and each claim again in SymPy, independently of nabla.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkClaims } from '../src/index.ts';

interface Expectation {
  readonly lhs: string;
  readonly rhs: string;
  readonly status: 'verified' | 'refuted';
  readonly why: string;
}

const read = (path: string): string => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
const expectations = (JSON.parse(read('test/data/softmax-notes-expectations.json')) as { claims: Expectation[] }).claims;
const report = checkClaims(read('samples/softmax-notes.ko.md'), { fileName: 'softmax-notes.ko.md' });

/** A claim's text without alignment marks, tags and extra spaces, for matching. */
const normal = (tex: string): string => tex.replace(/\\tag\{[^}]*\}/g, '').replace(/&/g, '').replace(/\s+/g, ' ').trim();

describe('samples/softmax-notes.ko.md', () => {
  it.each(expectations.map((e) => [`${e.lhs} = ${e.rhs}`, e] as const))('%s', (_, e) => {
    const wanted = normal(`${e.lhs} = ${e.rhs}`);
    const found = report.claims.filter((c) => normal(c.text) === wanted);
    expect(found, `no claim reads ${wanted}`).toHaveLength(1);
    expect(found[0]!.status, `${e.why}: ${found[0]!.reason ?? ''}`).toBe(e.status);
  });

  it('reads every claim the notes make, and nothing else as a claim', () => {
    expect(report.claims.map((c) => normal(c.text)).sort()).toEqual(expectations.map((e) => normal(`${e.lhs} = ${e.rhs}`)).sort());
  });
});
