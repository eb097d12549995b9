/**
 * A small declarative command-line parser: long options (`--name value`, `--name=value`), short aliases,
 * flags, repeatable options, `--` and `-` (stdin) as positionals. Anything it does not know is a usage error.
 */

/** One option a command accepts. */
export interface OptionSpec {
  /** Long name without dashes (`format`). */
  readonly name: string;
  /** One-letter alias without the dash (`f`). */
  readonly short?: string;
  /** Placeholder of the value (`FORMAT`); an option without one is a flag. */
  readonly value?: string;
  /** May be given several times; every value is kept. */
  readonly repeatable?: boolean;
  /** One line for the help text. */
  readonly description: string;
}

/** The parsed command line of one command. */
export interface ParsedArgs {
  /** Values by option name, in the order given (the last one wins for a non-repeatable option). */
  readonly values: ReadonlyMap<string, readonly string[]>;
  /** Flags that were given. */
  readonly flags: ReadonlySet<string>;
  /** Positional arguments, in order. */
  readonly positionals: readonly string[];
}

/** A mistake in how the program was called: reported with a hint and exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Parses `argv` against the specs. Throws UsageError for unknown options and missing values. */
export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const byLong = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short as string, s]));
  const values = new Map<string, string[]>();
  const flags = new Set<string>();
  const positionals: string[] = [];

  const take = (spec: OptionSpec, inline: string | undefined, i: number, shown: string): number => {
    if (spec.value === undefined) {
      if (inline !== undefined) throw new UsageError(`option ${shown} does not take a value`);
      flags.add(spec.name);
      return i;
    }
    let value = inline;
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('-') && next !== '-' && !/^-\d/.test(next))) {
        throw new UsageError(`option ${shown} needs a value (${spec.value})`);
      }
      value = next;
      i++;
    }
    const list = values.get(spec.name);
    if (list && spec.repeatable) list.push(value);
    else values.set(spec.name, [value]);
    return i;
  };

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      const spec = byLong.get(name);
      if (!spec) throw new UsageError(`unknown option --${name}${suggestOption(name, specs)}`);
      i = take(spec, eq < 0 ? undefined : arg.slice(eq + 1), i, `--${name}`);
    } else if (arg.startsWith('-') && arg.length > 1) {
      const spec = byShort.get(arg.slice(1, 2));
      if (!spec) throw new UsageError(`unknown option ${arg}`);
      const rest = arg.slice(2);
      if (rest !== '' && spec.value === undefined) throw new UsageError(`unknown option ${arg}`);
      i = take(spec, rest === '' ? undefined : rest, i, `-${spec.short}`);
    } else {
      positionals.push(arg);
    }
  }
  return { values, flags, positionals };
}

/** The last value of an option, or undefined. */
export function lastValue(args: ParsedArgs, name: string): string | undefined {
  const list = args.values.get(name);
  return list ? list[list.length - 1] : undefined;
}

/** Every value of a repeatable option. */
export function allValues(args: ParsedArgs, name: string): readonly string[] {
  return args.values.get(name) ?? [];
}

/** A value that must be one of `choices`. */
export function choiceValue<T extends string>(args: ParsedArgs, name: string, choices: readonly T[], fallback: T): T {
  const v = lastValue(args, name);
  if (v === undefined) return fallback;
  if (!(choices as readonly string[]).includes(v)) {
    throw new UsageError(`--${name} must be one of ${choices.join(', ')} (got '${v}')`);
  }
  return v as T;
}

/** Parses repeated `KEY=VALUE` options into an object; a key given twice collects a list. */
export function keyValues(values: readonly string[], option: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq <= 0) throw new UsageError(`--${option} needs KEY=VALUE (got '${v}')`);
    const k = v.slice(0, eq);
    const val = v.slice(eq + 1);
    const prev = out[k];
    out[k] = prev === undefined ? val : Array.isArray(prev) ? [...prev, val] : [prev, val];
  }
  return out;
}

/** Formats the options of a command for its help text. */
export function describeOptions(specs: readonly OptionSpec[]): string {
  const heads = specs.map((s) => `${s.short ? `-${s.short}, ` : '    '}--${s.name}${s.value ? ` ${s.value}` : ''}`);
  const width = Math.max(...heads.map((h) => h.length)) + 2;
  return specs.map((s, i) => `  ${(heads[i] as string).padEnd(width)}${s.description}`).join('\n');
}

function suggestOption(name: string, specs: readonly OptionSpec[]): string {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = 3;
  for (const s of specs) {
    const d = s.name.startsWith(lower) && lower.length >= 3 ? 1 : editDistance(lower, s.name);
    if (d < bestDistance) {
      best = s.name;
      bestDistance = d;
    }
  }
  return best ? ` (did you mean --${best}?)` : '';
}

/** Levenshtein distance with adjacent transpositions counted as one edit. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) (rows[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    const prev = rows[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      row[j] = v;
    }
  }
  return (rows[a.length] as number[])[b.length] as number;
}
