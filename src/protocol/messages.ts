/**
 * Canonical JSON: object keys sorted, so two equal messages have one key whatever order their
 * fields were written in. Rejects what JSON cannot carry, naming where it is.
 */
export function canonicalJson(value: unknown, where = 'message'): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${where} holds ${value}, which is not JSON`);
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) return `[${value.map((v, i) => canonicalJson(v, `${where}[${i}]`)).join(',')}]`;
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        throw new TypeError(`${where} is an instance of ${proto?.constructor?.name ?? 'a class'}: messages must be plain JSON data (objects, arrays, strings, numbers, booleans, null)`);
      }
      const keys = Object.keys(value).sort();
      const parts: string[] = [];
      for (const k of keys) {
        const v = (value as Record<string, unknown>)[k];
        if (v === undefined) continue;
        parts.push(`${JSON.stringify(k)}:${canonicalJson(v, `${where}.${k}`)}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      throw new TypeError(`${where} holds ${typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`}, which is not JSON`);
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * Messages by canonical key. The network state holds only keys (strings, hashed by value, so
 * fingerprints are stable across runs); handlers get back one frozen object per distinct
 * message.
 */
export class MessageTable<M> {
  private readonly byKey = new Map<string, M>();
  /**
   * JSON.stringify's text (native, fast) → canonical key: handlers send fresh object literals
   * at every step, mostly with their fields in one order, so the slow canonical form (sorted
   * keys, every value checked) is computed once per shape and content.
   */
  private readonly byText = new Map<string, string>();

  /** The key of `msg`, remembering a frozen copy of it. */
  intern(msg: M, where?: string): string {
    const text = typeof msg === 'object' && msg !== null ? JSON.stringify(msg) : undefined;
    if (text !== undefined) {
      const known = this.byText.get(text);
      if (known !== undefined) return known;
    }
    const key = canonicalJson(msg, where);
    if (!this.byKey.has(key)) this.byKey.set(key, deepFreeze(JSON.parse(key)) as M);
    if (text !== undefined && this.byText.size < 1 << 20) this.byText.set(text, key);
    return key;
  }

  /**
   * The message of `key`. A key may come from another thread's table (a worker hands states over
   * mid-level, and the receiver may not have sent that message yet): a key is the message's
   * canonical JSON, so it is read back from the key itself.
   */
  get(key: string): M {
    let msg = this.byKey.get(key);
    if (msg === undefined) {
      try {
        msg = deepFreeze(JSON.parse(key)) as M;
      } catch {
        throw new Error(`internal: ${key} is not a message key`);
      }
      this.byKey.set(key, msg);
    }
    return msg;
  }
}
