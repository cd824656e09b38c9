/**
 * Compact, readable forms of JSON values for traces: `{plan: attack, received: 1}` rather than
 * quoted JSON, and `messenger(n=2, plan=attack)` for a message with a `type` field.
 */

/** A value in a compact form: bare words unquoted, objects as `{key: value}`. */
export function shortJson(value: unknown): string {
  if (typeof value === 'string') return /^[\w.-]+$/.test(value) ? value : JSON.stringify(value);
  if (value === null || value === undefined || typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `[${value.map(shortJson).join(', ')}]`;
  if (isEnvelope(value)) return `${value.from}→${value.to} ${describeJson(value.message)}`;
  return `{${Object.entries(value).map(([k, v]) => `${k}: ${shortJson(v)}`).join(', ')}}`;
}

function isEnvelope(v: object): v is { from: string; to: string; message: unknown } {
  const keys = Object.keys(v);
  return keys.length === 3 && 'from' in v && 'to' in v && 'message' in v;
}

/** `messenger(n=2, plan=attack)` for `{ type: 'messenger', n: 2, plan: 'attack' }`. */
export function describeJson(msg: unknown): string {
  if (msg !== null && typeof msg === 'object' && !Array.isArray(msg)) {
    const record = msg as Record<string, unknown>;
    const tag = ['type', 'kind', 'tag'].find((k) => typeof record[k] === 'string');
    if (tag) {
      const rest = Object.entries(record).filter(([k]) => k !== tag);
      return `${record[tag] as string}${rest.length ? `(${rest.map(([k, v]) => `${k}=${shortJson(v)}`).join(', ')})` : ''}`;
    }
  }
  return shortJson(msg);
}
