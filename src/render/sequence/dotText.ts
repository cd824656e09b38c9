/** Small helpers to write Graphviz DOT text: quoting, attribute lists, text sizes, wrapping. */

/** A DOT string literal: quotes and backslashes escaped, newlines as `\n` (centred lines). */
export function q(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}

/** A DOT label whose lines are left-justified (`\l` after each line). */
export function leftLines(lines: readonly string[]): string {
  return `"${lines.map((l) => `${l.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}\\l`).join('')}"`;
}

/** `[a=1, b="x"]` from an object; undefined values are left out; `label` may be given pre-quoted. */
export function attrs(a: Readonly<Record<string, string | number | undefined>>): string {
  const parts = Object.entries(a)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? fmt(v) : /^".*"$/s.test(v!) ? v : q(v!)}`);
  return parts.length ? ` [${parts.join(', ')}]` : '';
}

/** A coordinate with at most one decimal: stable text for the same layout. */
export function fmt(n: number): string {
  const r = Math.round(n * 10) / 10;
  return Object.is(r, -0) ? '0' : String(r);
}

/** A `pos` attribute in points, pinned (`!`): the graph sets `inputscale=72`. */
export function pos(x: number, y: number): string {
  return `${fmt(x)},${fmt(y)}!`;
}

/** An id for SVG elements from a name: letters, digits, `-` and `_` only. */
export function idOf(...parts: readonly (string | number)[]): string {
  return parts.map((p) => String(p).replace(/[^\w-]+/g, '_')).join('-');
}

/** The approximate width in points of `text` in Helvetica at `size` (Graphviz measures the same way). */
export function textWidth(text: string, size: number): number {
  let w = 0;
  for (const ch of text) w += /[mwMW@]/.test(ch) ? 0.85 : /[A-Z]/.test(ch) ? 0.68 : /[il.,:;'|!\s()[\]{}]/.test(ch) ? 0.3 : 0.56;
  return w * size;
}

/** Words of `text` wrapped into lines of at most `width` characters (a longer word is cut). */
export function wrap(text: string, width: number, maxLines = Infinity): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    let w = word;
    while (w.length > width) {
      if (line) lines.push(line);
      lines.push(w.slice(0, width));
      w = w.slice(width);
      line = '';
    }
    if (!line) line = w;
    else if (line.length + 1 + w.length <= width) line += ` ${w}`;
    else {
      lines.push(line);
      line = w;
    }
  }
  if (line) lines.push(line);
  if (lines.length > maxLines) return [...lines.slice(0, maxLines - 1), `${lines[maxLines - 1]!.slice(0, Math.max(0, width - 1))}…`];
  return lines;
}
