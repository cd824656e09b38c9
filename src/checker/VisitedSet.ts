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
export class VisitedSet<S = unknown> {
  /** Slot → id + 1 (0 = empty). */
  private slots: Int32Array;
  /** Slot → low fingerprint lane, to reject most probes without touching per-id arrays. */
  private slotLo: Int32Array;
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
  ) {
    const cap = 1 << Math.max(4, Math.ceil(Math.log2(initialCapacity * 2)));
    this.slots = new Int32Array(cap);
    this.slotLo = new Int32Array(cap);
    this.mask = cap - 1;
    const n = cap >> 1;
    this.hiById = new Int32Array(n);
    this.loById = new Int32Array(n);
    this.parentById = new Int32Array(n);
    this.actionById = new Int32Array(n);
    this.depthById = new Int32Array(n);
    if (equals) this.states = [];
  }

  /**
   * Adds the state with fingerprint (hi, lo) unless present. Returns its new id, or `-1` when it
   * was already there. `state` is kept only in exact mode.
   */
  add(hi: number, lo: number, state: S, parent: number, action: number, depth: number): number {
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    for (;;) {
      const entry = this.slots[slot]!;
      if (entry === 0) break;
      if (this.slotLo[slot] === lo && this.hiById[entry - 1] === hi) {
        if (!this.states || this.equals!(this.states[entry - 1]!, state)) return -1;
      }
      slot = (slot + 1) & this.mask;
    }
    const id = this.size++;
    if (id >= this.hiById.length) this.growIds();
    this.slots[slot] = id + 1;
    this.slotLo[slot] = lo;
    this.hiById[id] = hi;
    this.loById[id] = lo;
    this.parentById[id] = parent;
    this.actionById[id] = action;
    this.depthById[id] = depth;
    if (this.states) this.states.push(state);
    if (this.size * 2 > this.slots.length) this.growSlots();
    return id;
  }

  /** Whether a state with this fingerprint (and, in exact mode, value) is present. */
  has(hi: number, lo: number, state: S): boolean {
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    for (;;) {
      const entry = this.slots[slot]!;
      if (entry === 0) return false;
      if (this.slotLo[slot] === lo && this.hiById[entry - 1] === hi) {
        if (!this.states || this.equals!(this.states[entry - 1]!, state)) return true;
      }
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
    const bytes = this.slots.byteLength + this.slotLo.byteLength + 5 * 4 * this.hiById.length;
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
    const cap = this.slots.length * 2;
    const slots = new Int32Array(cap);
    const slotLo = new Int32Array(cap);
    const mask = cap - 1;
    for (let id = 0; id < this.size; id++) {
      const hi = this.hiById[id]!;
      const lo = this.loById[id]!;
      let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id + 1;
      slotLo[slot] = lo;
    }
    this.slots = slots;
    this.slotLo = slotLo;
    this.mask = mask;
  }
}
