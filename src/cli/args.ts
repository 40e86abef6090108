/**
 * The command line as commander should see it.
 *
 * Invariant: an expression argument that starts with `-` (`nabla diff "-x^2"
 * --wrt x`) is an expression, not an option, as it is after `--`; the
 * command's own options are recognised on both sides of `--`.
 */

import type { Command, Option } from 'commander';

/** Remove a `--lang X` or `--lang=X` written before the command from `words`, and return X. */
function takeLeadingLang(words: string[]): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < words.length && words[i]!.startsWith('-') && words[i] !== '--';) {
    const a = words[i]!;
    if (a === '--lang' && i + 1 < words.length) value = words.splice(i, 2)[1];
    else if (a.startsWith('--lang=')) value = words.splice(i, 1)[0]!.slice('--lang='.length);
    else i++;
  }
  return value;
}

/**
 * Reorder a subcommand's arguments so that commander sees options first and
 * every operand after `--`. An argument that starts with `-` and is not a
 * known option of the command (`-x^2`, `-2*x`, `-x`) is an operand; an
 * unknown `--word` is left for commander to reject, unless it comes after
 * `--`, where it is an operand too (`--x` is a double negation). The
 * command's own options are recognised on both sides of `--`, so
 * `nabla diff -- -x^2 --wrt x` works as SPEC §9 asks.
 */
export function normalizeArgs(program: Command, argv: readonly string[]): { args: string[]; json: boolean; debug: boolean } {
  let debug = false;
  const rest: string[] = [];
  // `--debug` is accepted anywhere before `--`.
  const cut = argv.indexOf('--');
  argv.forEach((a, i) => {
    if (a === '--debug' && (cut < 0 || i < cut)) debug = true;
    else rest.push(a);
  });
  const leadingLang = takeLeadingLang(rest);
  const ci = rest.findIndex((a) => !a.startsWith('-'));
  const command = ci < 0 ? undefined : program.commands.find((c) => c.name() === rest[ci] || c.aliases().includes(rest[ci]!));
  // `nabla --lang ko run f` is `nabla run f --lang ko` for a command that speaks a language (commander-words.ts read it already).
  if (leadingLang !== undefined && command?.options.some((o) => o.long === '--lang') && command.name() !== 'codegen') rest.splice(ci + 1, 0, `--lang=${leadingLang}`);
  if (!command || rest.slice(0, ci).includes('--')) return { args: rest, json: false, debug };

  const known = (flag: string): Option | 'help' | undefined => {
    if (flag === '-h' || flag === '--help') return 'help';
    return command.options.find((o) => o.long === flag || o.short === flag);
  };
  const options: string[] = [];
  const operands: string[] = [];
  const args = rest.slice(ci + 1);
  let afterDashes = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--' && !afterDashes) {
      afterDashes = true;
      continue;
    }
    const isLong = /^--[A-Za-z]/.test(a);
    const flag = isLong ? a.split('=')[0]! : a;
    const opt = a.startsWith('-') ? known(flag) : undefined;
    // Before `--` an unknown `--word` is left for commander to reject; after
    // it, only the command's own options are options (`diff -- -x^2 --wrt x`).
    if ((isLong && !afterDashes) || opt) {
      options.push(a);
      // An optional value is given only as `--explain=brief`: the next word is never taken for it.
      const takesValue = opt !== undefined && opt !== 'help' && opt.required;
      if (takesValue && !a.includes('=') && i + 1 < args.length) options.push(args[++i]!);
      continue;
    }
    operands.push(a);
  }
  const json = options.includes('--json');
  return { args: [...rest.slice(0, ci + 1), ...options, ...(operands.length > 0 ? ['--', ...operands] : [])], json, debug };
}
