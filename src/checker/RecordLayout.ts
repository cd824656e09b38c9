import { is, type Record } from 'immutable';
import { immutableInternals, smallList } from './immutableInternals.ts';

/** In `RecordLayout.with`: this field keeps its value. */
export const KEEP: unique symbol = Symbol('keep');

interface RawRecord {
  readonly _values?: { readonly _origin: number; readonly _capacity: number; readonly _root?: unknown; readonly _tail?: { readonly array: readonly unknown[] } };
}

const NOTHING_STORED: readonly unknown[] = Object.freeze([]);

/**
 * Field reads and copies of one Record type through Immutable's own layout (a Record keeps its
 * values in a List, by field index; a field at its default is stored as undefined), for the
 * record types the search reads and builds millions of times. A Record getter costs ~17 ns (a
 * lookup of the key's index, then a List read) and `withMutations` of three fields ~200 ns,
 * against ~2 and ~30 ns here. At start-up it builds records both ways and compares them; if this
 * Immutable is laid out otherwise, it uses the public API (slower, never wrong).
 */
export class RecordLayout<R extends object> {
  readonly keys: readonly string[];
  private readonly defaults: readonly unknown[];
  private readonly proto: object;
  /** Whether the layout is used (else the public API). */
  readonly fast: boolean;

  constructor(factory: Record.Factory<object>) {
    const sample = factory() as unknown as R & Record<object> & { _keys: string[] };
    this.keys = [...sample._keys];
    this.defaults = this.keys.map((k) => sample.get(k as never) as unknown);
    this.proto = Object.getPrototypeOf(sample) as object;
    this.fast = this.keys.length < 32 && this.selfTest(sample);
  }

  /** The stored values of `r` (undefined at a field: its default), if laid out as expected. */
  private raw(r: R): readonly unknown[] | undefined {
    const v = (r as unknown as RawRecord)._values;
    if (v === undefined || v._origin !== 0 || v._capacity !== this.keys.length || v._root) return undefined;
    // No tail: no value stored (a record of defaults only).
    return v._tail?.array ?? NOTHING_STORED;
  }

  /** Field `i` of `r`. */
  get(r: R, i: number): unknown {
    const stored = this.fast ? this.raw(r) : undefined;
    if (stored === undefined) return (r as unknown as Record<object>).get(this.keys[i] as never);
    return this.read(stored, i);
  }

  private read(stored: readonly unknown[], i: number): unknown {
    const v = stored[i];
    return v === undefined ? this.defaults[i] : v;
  }

  /**
   * `r` with field i set to values[i] unless that is KEEP; `r` itself when no field changes (a
   * value identical to the stored one is no change, as in Immutable's `set`: callers and the
   * search tell an unchanged state by identity).
   */
  with(r: R, values: readonly unknown[]): R {
    const n = this.keys.length;
    const stored = this.fast ? this.raw(r) : undefined;
    if (stored === undefined) {
      let any = false;
      for (let i = 0; i < n; i++) if (values[i] !== KEEP) any = true;
      if (!any) return r;
      // Immutable's own set returns the record itself when nothing changes.
      return (r as unknown as Record<object>).withMutations((m) => {
        for (let i = 0; i < n; i++) if (values[i] !== KEEP) m.set(this.keys[i] as never, values[i] as never);
      }) as unknown as R;
    }
    let changed = false;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v !== KEEP && (v === this.defaults[i] ? undefined : v) !== stored[i]) changed = true;
    }
    return changed ? this.build(stored, values) : r;
  }

  /** A record of `stored` with `values` put in (KEEP: kept), built as Immutable builds one. */
  private build(stored: readonly unknown[], values: readonly unknown[]): R {
    // Pushed, not preallocated: a holey array would give Lists a second shape (see StateCodec).
    const out: unknown[] = [];
    for (let i = 0; i < this.keys.length; i++) {
      const v = values[i];
      // A field equal to its default is stored as undefined, as Immutable does.
      out.push(v === KEEP ? stored[i] : v === this.defaults[i] ? undefined : v);
    }
    const made = Object.create(this.proto) as { _values: unknown; __ownerID: unknown };
    // Immutable's makeRecord: these fields, in this order (one shape for all records).
    made._values = smallList(immutableInternals()!, out);
    made.__ownerID = undefined;
    return made as unknown as R;
  }

  private selfTest(sample: R & Record<object>): boolean {
    if (immutableInternals() === undefined || this.raw(sample) === undefined) return false;
    try {
      const n = this.keys.length;
      const marks = this.keys.map((_, i) => ({ mark: i }) as unknown);
      // A record laid out here against the same made by Immutable: every field set, then each
      // field back to its default in turn.
      const ours = this.build(this.raw(sample)!, marks) as R & Record<object>;
      const theirs = sample.withMutations((m) => this.keys.forEach((k, i) => m.set(k as never, marks[i] as never)));
      if (!is(ours, theirs) || ours.hashCode() !== theirs.hashCode()) return false;
      for (let i = 0; i < n; i++) {
        if (this.read(this.raw(ours)!, i) !== marks[i] || ours.get(this.keys[i] as never) !== marks[i]) return false;
        const back = this.keys.map((_, j) => (j === i ? this.defaults[i] : KEEP));
        const a = this.build(this.raw(ours)!, back) as R & Record<object>;
        const b = ours.set(this.keys[i] as never, this.defaults[i] as never);
        if (!is(a, b) || a.get(this.keys[i] as never) !== this.defaults[i] || this.raw(a)?.[i] !== undefined) return false;
      }
      return true;
    } catch {
      return false;
    }
  }
}
