import type { VisitedStore } from './VisitedStore.ts';

/**
 * The set of states seen so far, as 64-bit fingerprints in an open-addressing table of typed
 * arrays (no JavaScript objects per state). Each state gets a dense id in discovery order; per
 * id it keeps the fingerprint, the parent's id and the index of the action that led here, which
 * is exactly what a counterexample path needs.
 *
 * The table never trusts a fingerprint alone when asked to be exact: then it also keeps every
 * state and compares candidates with `Immutable.is` (two states with one fingerprint stay two).
 * Otherwise a 64-bit collision could merge two states; `collisionProbability` says how likely.
 */
export class VisitedSet<S = unknown> implements VisitedStore<S> {
  /**
   * The table: two words per slot, the fingerprint's high and low lanes side by side, so a probe
   * touches one cache line. (0, 0) marks an empty slot; a state whose fingerprint is (0, 0) is
   * stored as (0, 1), which merges it with (0, 1) at odds of 2^-64.
   */
  private slots: Int32Array;
  /** Slot → id + 1, kept only in exact mode (to find the state to compare with). */
  private slotIds: Int32Array | undefined;
  private mask: number;
  private hiById: Int32Array;
  private loById: Int32Array;
  private parentById: Int32Array;
  private actionById: Int32Array;
  private depthById: Int32Array;
  private states: S[] | undefined;
  size = 0;

  constructor(
    private readonly equals?: (a: S, b: S) => boolean,
    initialCapacity = 1 << 12,
    /** Keep each slot's id, so that `add` can say which state a duplicate is (liveness needs edges). */
    trackIds = false,
  ) {
    const cap = 1 << Math.max(4, Math.ceil(Math.log2(initialCapacity * 2)));
    this.slots = new Int32Array(2 * cap);
    this.mask = cap - 1;
    const n = cap >> 1;
    this.hiById = new Int32Array(n);
    this.loById = new Int32Array(n);
    this.parentById = new Int32Array(n);
    this.actionById = new Int32Array(n);
    this.depthById = new Int32Array(n);
    if (equals) this.states = [];
    if (equals || trackIds) this.slotIds = new Int32Array(cap);
  }

  /**
   * Adds the state with fingerprint (hi, lo) unless present. Returns its new id; when it was
   * already there, a negative number: `-1 - id` of the state found if ids are tracked, else -1.
   * `state` is kept only in exact mode.
   */
  add(hi: number, lo: number, state: S, parent: number, action: number, depth: number): number {
    const fpLo = lo;
    if (hi === 0 && lo === 0) lo = 1;
    const slots = this.slots;
    const mask = this.mask;
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    for (;;) {
      const h = slots[2 * slot]!;
      const l = slots[2 * slot + 1]!;
      if (h === 0 && l === 0) break;
      if (h === hi && l === lo) {
        if (!this.states || this.equals!(this.states[this.slotIds![slot]! - 1]!, state)) return this.slotIds ? -this.slotIds[slot]! : -1;
      }
      slot = (slot + 1) & mask;
    }
    const id = this.size++;
    if (id >= this.hiById.length) this.growIds();
    slots[2 * slot] = hi;
    slots[2 * slot + 1] = lo;
    this.hiById[id] = hi;
    this.loById[id] = fpLo;
    this.parentById[id] = parent;
    this.actionById[id] = action;
    this.depthById[id] = depth;
    if (this.states) this.states.push(state);
    if (this.slotIds) this.slotIds[slot] = id + 1;
    if (this.size * 2 > mask + 1) this.growSlots();
    return id;
  }

  /** Whether a state with this fingerprint (and, in exact mode, value) is present. */
  has(hi: number, lo: number, state: S): boolean {
    if (hi === 0 && lo === 0) lo = 1;
    const slots = this.slots;
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    for (;;) {
      const h = slots[2 * slot]!;
      const l = slots[2 * slot + 1]!;
      if (h === 0 && l === 0) return false;
      if (h === hi && l === lo) {
        if (!this.states || this.equals!(this.states[this.slotIds![slot]! - 1]!, state)) return true;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  find(hi: number, lo: number, state: S): number {
    if (!this.slotIds) return -1;
    if (hi === 0 && lo === 0) lo = 1;
    const slots = this.slots;
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    for (;;) {
      const h = slots[2 * slot]!;
      const l = slots[2 * slot + 1]!;
      if (h === 0 && l === 0) return -1;
      if (h === hi && l === lo && (!this.states || this.equals!(this.states[this.slotIds[slot]! - 1]!, state))) return this.slotIds[slot]! - 1;
      slot = (slot + 1) & this.mask;
    }
  }

  hi(id: number): number {
    return this.hiById[id]!;
  }

  lo(id: number): number {
    return this.loById[id]!;
  }

  parent(id: number): number {
    return this.parentById[id]!;
  }

  action(id: number): number {
    return this.actionById[id]!;
  }

  depth(id: number): number {
    return this.depthById[id]!;
  }

  fingerprintHex(id: number): string {
    return (
      (this.hiById[id]! >>> 0).toString(16).padStart(8, '0') + (this.loById[id]! >>> 0).toString(16).padStart(8, '0')
    );
  }

  /** The path from an initial state to `id`: initial index, then action indices. */
  pathTo(id: number): number[] {
    const path: number[] = [];
    for (let at = id; at >= 0; at = this.parentById[at]!) path.push(this.actionById[at]!);
    return path.reverse();
  }

  /** The ids along the path to `id`, initial state first. */
  idsTo(id: number): number[] {
    const ids: number[] = [];
    for (let at = id; at >= 0; at = this.parentById[at]!) ids.push(at);
    return ids.reverse();
  }

  /** Bytes the table holds per distinct state (typed arrays only; exact mode adds the states). */
  bytesPerState(): number {
    if (this.size === 0) return 0;
    const bytes = this.slots.byteLength + (this.slotIds?.byteLength ?? 0) + 5 * 4 * this.hiById.length;
    return bytes / this.size;
  }

  private growIds(): void {
    const grow = (a: Int32Array): Int32Array => {
      const b = new Int32Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.hiById = grow(this.hiById);
    this.loById = grow(this.loById);
    this.parentById = grow(this.parentById);
    this.actionById = grow(this.actionById);
    this.depthById = grow(this.depthById);
  }

  private growSlots(): void {
    const cap = 2 * (this.mask + 1);
    const slots = new Int32Array(2 * cap);
    const slotIds = this.slotIds ? new Int32Array(cap) : undefined;
    const mask = cap - 1;
    for (let id = 0; id < this.size; id++) {
      const hi = this.hiById[id]!;
      const lo = hi === 0 && this.loById[id] === 0 ? 1 : this.loById[id]!;
      let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
      while (slots[2 * slot] !== 0 || slots[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
      slots[2 * slot] = hi;
      slots[2 * slot + 1] = lo;
      if (slotIds) slotIds[slot] = id + 1;
    }
    this.slots = slots;
    this.slotIds = slotIds;
    this.mask = mask;
  }
}
