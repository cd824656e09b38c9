import { CliError } from './CliError.ts';

/** A `--param` value: JSON when it parses as JSON, else the text itself. */
export function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function split(entry: string): [string, string] {
  const eq = entry.indexOf('=');
  if (eq <= 0) throw new CliError(`--param ${entry}: write it as name=value, for example --param rounds=3`);
  return [entry.slice(0, eq).trim(), entry.slice(eq + 1)];
}

/** `--param a=1 --param b=x` as `{ a: 1, b: "x" }`; a name given twice is an error. */
export function parseParams(entries: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const entry of entries) {
    const [name, value] = split(entry);
    if (name in out) throw new CliError(`--param ${name} is given twice`);
    out[name] = parseValue(value);
  }
  return out;
}

/** A sweep value list: explicit values, or `all` (every value the model declares). */
export type SweepValues = { readonly all: true } | { readonly all: false; readonly values: readonly unknown[] };

/** `1..5` as 1 to 5, `1,2,3` as a list, `all` as the declared domain, anything else as one value. */
export function parseSweepValue(name: string, text: string): SweepValues {
  const t = text.trim();
  if (t === 'all') return { all: true };
  const range = /^(-?\d+)\.\.(-?\d+)$/.exec(t);
  if (range) {
    const lo = Number(range[1]);
    const hi = Number(range[2]);
    if (hi < lo) throw new CliError(`--param ${name}=${text}: the range is empty (write low..high)`);
    if (hi - lo > 100_000) throw new CliError(`--param ${name}=${text}: the range has more than 100,000 values`);
    return { all: false, values: Array.from({ length: hi - lo + 1 }, (_, i) => lo + i) };
  }
  if (/^[[{"]/.test(t)) return { all: false, values: [parseValue(t)] };
  return { all: false, values: t.split(',').map((v) => parseValue(v.trim())) };
}

/** Sweep parameters in the order given. */
export function parseSweepParams(entries: readonly string[]): [string, SweepValues][] {
  const seen = new Set<string>();
  return entries.map((entry) => {
    const [name, value] = split(entry);
    if (seen.has(name)) throw new CliError(`--param ${name} is given twice`);
    seen.add(name);
    return [name, parseSweepValue(name, value)];
  });
}
