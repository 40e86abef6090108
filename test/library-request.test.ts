/**
 * The request checks and the definition-depth guard as a library user meets
 * them: only src/index.ts is imported, and the errors carry the same
 * messages and places the CLI prints (SPEC §10, §11).
 */
import { describe, expect, it } from 'vitest';
import {
  differentiate, evaluateText, loadFile, NablaError, OptionError, parse, readBindings, readNames, report, RequestError, toText,
} from '../src/index.ts';

/** A chain of `n` definitions a1 = sin(a0), a2 = sin(a1), … with a derive line. */
function chainFile(n: number): string {
  const lines = ['a0 = 0.5'];
  for (let i = 1; i <= n; i++) lines.push(`a${i} = sin(a${i - 1})`);
  lines.push(`E = a${n}`, 'derive E wrt a0', '');
  return lines.join('\n');
}

/** The error `f` throws (the test fails when it throws none). */
function errorOf(f: () => unknown): NablaError {
  try {
    f();
  } catch (err) {
    if (err instanceof NablaError) return err;
    throw err;
  }
  throw new Error('expected a NablaError');
}

/** 1-based line of the first line of `text` that starts with `prefix`. */
const lineOf = (text: string, prefix: string): number => text.split('\n').findIndex((l) => l.startsWith(prefix)) + 1;

describe('the definition-depth guard through the library', () => {
  it('report(loadFile(…)) refuses a 2,000-deep chain at the first definition past a limit of 1,000', () => {
    const text = chainFile(2_000);
    const err = errorOf(() => report(loadFile(text), { maxDepth: 1_000 }));
    // a0 is depth 1, so a1000 is the first definition 1,001 deep.
    expect(err.message).toBe('Chain of definitions 1001 deep at "a1000"; the limit is 1000 (raise it with --max-depth).');
    expect(err.span?.line).toBe(lineOf(text, 'a1000 ='));
    expect(err.span?.column).toBe(1);
    expect(err.source).toBe(text);
  });

  it('takes its limit from maxDepth', () => {
    const text = chainFile(10);
    const err = errorOf(() => report(loadFile(text), { maxDepth: 5 }));
    expect(err.message).toBe('Chain of definitions 6 deep at "a5"; the limit is 5 (raise it with --max-depth).');
    expect(err.span?.line).toBe(lineOf(text, 'a5 ='));
    expect(report(loadFile(text), { maxDepth: 12 }).gradients).toHaveLength(1);
  });
});

describe('request checks with structured subjects', () => {
  const system = loadFile('x = 2\nw_5 = 3\nE = x^2*w_5\nderive E wrt x\n');

  it('a wrt name the file lacks: its option and name, quoted as the caller wrote it', () => {
    const err = errorOf(() => report(system, { wrt: ['x', 'w9'], fileName: 'f.nabla', written: new Map([['w9', 'w_9']]) }));
    expect(err).toBeInstanceOf(RequestError);
    expect((err as RequestError).subject).toEqual({ option: 'wrt', name: 'w9' });
    expect(err.message).toBe('"w_9" does not appear in f.nabla: there is nothing to differentiate by.');
    expect(err.span).toBeUndefined();
  });

  it('an undefined target, an at name the file lacks and an at name defined by a formula', () => {
    expect((errorOf(() => report(system, { target: 'F' })) as RequestError).subject).toEqual({ option: 'target', name: 'F' });
    const absent = errorOf(() => report(system, { at: { zz: 1 } })) as RequestError;
    expect([absent.message, absent.subject]).toEqual(['"zz" does not appear in the file.', { option: 'at', name: 'zz' }]);
    expect(errorOf(() => report(system, { at: { E: 1 } })).message).toBe('"E" is defined by a formula, not an input.');
  });

  it('a derive line naming a name the file lacks points at that name', () => {
    const text = 'x = 2\nE = x^2\nderive E wrt zz\n';
    const err = errorOf(() => report(loadFile(text))) as RequestError;
    expect(err.subject).toEqual({ option: 'wrt', name: 'zz' });
    expect(err.message).toBe('"zz" does not appear in the file, so d(E)/d(zz) means nothing.');
    expect([err.span?.line, err.span?.column, err.span?.length]).toEqual([3, 14, 2]);
  });

  it('a free name without a value points at the definition that uses it', () => {
    const err = errorOf(() => report(loadFile('x = 2\nE = x^2 + q*x\nderive E wrt x\n'))) as RequestError;
    expect(err.message).toBe('"q" has no value: define it in the file or give --at q=…');
    expect([err.subject, err.span?.line, err.span?.column]).toEqual([{ option: 'at', name: 'q' }, 2, 1]);
  });

  it('training without update rules', () => {
    const err = errorOf(() => report(system, { steps: 3 })) as RequestError;
    expect([err.message, err.subject]).toEqual(['--steps needs update rules: define x_new (or x\') for some input x.', { option: 'steps' }]);
  });
});

describe('option texts and one-formula helpers', () => {
  it('reads name lists and bindings, pointing into the text on a bad piece', () => {
    expect(readNames('w_5, w[1,2]', '--wrt').map((n) => [n.name, n.written, n.offset])).toEqual([['w5', 'w_5', 0], ['w[1,2]', 'w[1,2]', 5]]);
    expect([...readBindings('x=1,y=max(1,2)', '--at').values]).toEqual([['x', 1], ['y', 2]]);
    const err = errorOf(() => readNames('x,sin', '--wrt')) as OptionError;
    expect([err.option, err.message, err.span?.column]).toEqual(['--wrt', 'Expected a name in --wrt: sin is a function, not a name.', 3]);
  });

  it('differentiates as `nabla diff` does and evaluates with positioned errors', () => {
    const d = differentiate(parse('1/(1+exp(-x))'), ['x']);
    expect(toText(d.derivatives[0]!.expr)).toBe('sigmoid(x)*(1 - sigmoid(x))');
    expect(d.stoppedAtStepLimit).toBe(false);
    expect(evaluateText('x + 1', new Map([['x', 2]]))).toBe(3);
    const err = errorOf(() => evaluateText('x + y*2', new Map([['x', 1]])));
    expect([err.message, err.span?.column]).toEqual(['"y" has no value: give --at y=…', 5]);
  });
});
