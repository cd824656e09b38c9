import type { VisitedStore } from './VisitedStore.ts';

/** The shared memory behind a `SharedVisitedSet`, as passed between threads. */
export interface SharedBuffers {
  /** Two words per slot: the fingerprint's lanes, normalised to be non-zero. */
  readonly table: SharedArrayBuffer;
  readonly hi: SharedArrayBuffer;
  readonly lo: SharedArrayBuffer;
  readonly parent: SharedArrayBuffer;
  readonly action: SharedArrayBuffer;
  readonly depth: SharedArrayBuffer;
  /** Control words: see the `C_` constants. */
  readonly control: SharedArrayBuffer;
}

// Control words, each on its own cache line: the flags are read before every expansion and each
// worker's count changes with every state it adds; sharing a line would make cores miss on each.
/** Control word: the next id not yet reserved by a worker (ids go out in chunks of ID_CHUNK). */
export const C_RESERVED = 0;
/** Control word: 1 when the table or the id arrays need to grow; workers pause at the next state. */
export const C_GROW = 16;
/** Control word: 1 when a worker found a failure and the search stops at the first one. */
export const C_STOP = 32;
/** Control words: how many states worker k has added, at C_COUNT + 16 k (one per worker). */
const C_COUNT = 48;
/**
 * Ids a worker reserves at a time. Ids taken one by one from a shared counter interleave the two
 * workers' states, so the per-id arrays' cache lines (16 ids each) would bounce between cores at
 * every new state; in chunks each worker writes its own lines.
 */
const ID_CHUNK = 256;

/**
 * The visited set shared by worker threads: the same open-addressing table of 64-bit
 * fingerprints as `VisitedSet`, in shared memory. A slot is claimed with a compare-and-swap of
 * its high word, then the low word is written; a thread that finds the high word set but the low
 * word not yet written waits for it, so two threads never both take one state. Ids come from an
 * atomic counter.
 *
 * It does not grow by itself: past half full (or when the ids near their capacity) it raises a
 * flag, the workers pause between states, and the coordinator copies everything into larger
 * buffers (`grow`). The headroom left for states added meanwhile is a quarter of the capacity.
 * Each worker takes ids in chunks and counts its own states, so ids are unique but may leave
 * holes (unused ids of a chunk, depth 0), and the size is the sum of the workers' counts.
 */
export class SharedVisitedSet<S = unknown> implements VisitedStore<S> {
  private table!: Int32Array;
  private hiById!: Int32Array;
  private loById!: Int32Array;
  private parentById!: Int32Array;
  private actionById!: Int32Array;
  private depthById!: Int32Array;
  private control!: Int32Array;
  private mask = 0;
  private idCapacity = 0;
  /** How many workers share it (the control buffer has a count for each). */
  private workers = 0;
  /** This worker's reserved ids not yet used: [nextId, endId). */
  private nextId = 0;
  private endId = 0;
  private added = 0;

  /** `worker`: this thread's index among the workers (the coordinator, which adds nothing: -1). */
  constructor(
    buffers: SharedBuffers,
    private readonly worker = -1,
  ) {
    this.attach(buffers);
    if (worker >= this.workers) throw new Error(`internal: worker ${worker} of a visited set made for ${this.workers}`);
  }

  /** New, empty shared buffers for about `states` states, shared by `workers` workers. */
  static allocate(states = 1 << 15, workers = 1): SharedBuffers {
    const cap = 1 << Math.max(8, Math.ceil(Math.log2(states * 2)));
    const ids = cap >> 1;
    const words = (n: number): SharedArrayBuffer => new SharedArrayBuffer(4 * n);
    return {
      table: words(2 * cap),
      hi: words(ids),
      lo: words(ids),
      parent: words(ids),
      action: words(ids),
      depth: words(ids),
      control: words(C_COUNT + 16 * workers),
    };
  }

  /** Switches to (possibly larger) buffers, after `grow`. */
  attach(b: SharedBuffers): void {
    this.table = new Int32Array(b.table);
    this.hiById = new Int32Array(b.hi);
    this.loById = new Int32Array(b.lo);
    this.parentById = new Int32Array(b.parent);
    this.actionById = new Int32Array(b.action);
    this.depthById = new Int32Array(b.depth);
    this.control = new Int32Array(b.control);
    this.mask = (this.table.length >> 1) - 1;
    this.idCapacity = this.hiById.length;
    this.workers = (this.control.length - C_COUNT) >> 4;
  }

  /** The number of states (the workers' counts added up). */
  get size(): number {
    let n = 0;
    for (let k = 0; k < this.workers; k++) n += Atomics.load(this.control, C_COUNT + 16 * k);
    return n;
  }

  /** How many states fit before it must grow again. */
  get capacity(): number {
    return this.idCapacity;
  }

  add(hi: number, lo: number, _state: S, parent: number, action: number, depth: number): number {
    const h = hi === 0 ? 1 : hi;
    const l = lo === 0 ? 1 : lo;
    const table = this.table;
    const mask = this.mask;
    let slot = (l ^ Math.imul(h, 0x9e3779b1)) & mask;
    for (;;) {
      let seen = table[2 * slot]!;
      if (seen === 0) {
        seen = Atomics.compareExchange(table, 2 * slot, 0, h);
        if (seen === 0) {
          Atomics.store(table, 2 * slot + 1, l);
          return this.record(hi, lo, parent, action, depth);
        }
      }
      if (seen === h) {
        let other = table[2 * slot + 1]!;
        while (other === 0) other = Atomics.load(table, 2 * slot + 1);
        if (other === l) return -1;
      }
      slot = (slot + 1) & mask;
    }
  }

  private record(hi: number, lo: number, parent: number, action: number, depth: number): number {
    if (this.nextId === this.endId) this.reserve();
    const id = this.nextId++;
    this.hiById[id] = hi;
    this.loById[id] = lo;
    this.parentById[id] = parent;
    this.actionById[id] = action;
    this.depthById[id] = depth;
    // Only this worker writes its count: a plain store, read atomically by the others.
    Atomics.store(this.control, C_COUNT + 16 * this.worker, ++this.added);
    return id;
  }

  /** Takes the next chunk of ids; asks for growth when the id arrays or the table fill up. */
  private reserve(): void {
    if (this.worker < 0) throw new Error('internal: only a worker adds states to the shared visited set');
    // Small tables take small chunks: whatever all workers reserve before they see the flag must
    // fit in the quarter of the ids left when growth is asked for.
    const chunk = Math.max(1, Math.min(ID_CHUNK, this.idCapacity >> 10));
    const base = Atomics.add(this.control, C_RESERVED, chunk);
    if (base + chunk > this.idCapacity) throw new Error('internal: the shared visited set overflowed before it could grow');
    this.nextId = base;
    this.endId = base + chunk;
    // Reserved ids bound the states, so the table stays under half full (and the id arrays under
    // three quarters) up to the chunks and the states added before the workers see the flag.
    const reserved = base + chunk;
    if (reserved * 4 > 3 * this.idCapacity || reserved * 2 > this.mask) Atomics.store(this.control, C_GROW, 1);
  }

  has(hi: number, lo: number): boolean {
    const h = hi === 0 ? 1 : hi;
    const l = lo === 0 ? 1 : lo;
    let slot = (l ^ Math.imul(h, 0x9e3779b1)) & this.mask;
    for (;;) {
      const seen = Atomics.load(this.table, 2 * slot);
      if (seen === 0) return false;
      if (seen === h) {
        let other = this.table[2 * slot + 1]!;
        while (other === 0) other = Atomics.load(this.table, 2 * slot + 1);
        if (other === l) return true;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  /** Ids of slots are not kept here (liveness runs in one thread). */
  find(): number {
    return -1;
  }

  /** Whether the workers must pause for the set to grow. */
  get needsGrowth(): boolean {
    return Atomics.load(this.control, C_GROW) === 1;
  }

  get stopRequested(): boolean {
    return Atomics.load(this.control, C_STOP) === 1;
  }

  requestStop(): void {
    Atomics.store(this.control, C_STOP, 1);
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
    return (this.hiById[id]! >>> 0).toString(16).padStart(8, '0') + (this.loById[id]! >>> 0).toString(16).padStart(8, '0');
  }

  pathTo(id: number): number[] {
    const path: number[] = [];
    for (let at = id; at >= 0; at = this.parentById[at]!) path.push(this.actionById[at]!);
    return path.reverse();
  }

  idsTo(id: number): number[] {
    const ids: number[] = [];
    for (let at = id; at >= 0; at = this.parentById[at]!) ids.push(at);
    return ids.reverse();
  }

  bytesPerState(): number {
    const n = this.size;
    return n === 0 ? 0 : (this.table.byteLength + 5 * this.hiById.byteLength) / n;
  }

  /**
   * Copies everything into buffers twice as large (the table re-hashed). Only while every worker
   * is paused: the coordinator calls it, then hands the new buffers to the workers.
   */
  grow(): SharedBuffers {
    // Ids reserved but not used yet are holes (depth 0): copied, never hashed.
    const n = Atomics.load(this.control, C_RESERVED);
    const next = SharedVisitedSet.allocate(Math.max(n * 2, this.idCapacity), this.workers);
    const grown = new SharedVisitedSet(next);
    grown.hiById.set(this.hiById.subarray(0, n));
    grown.loById.set(this.loById.subarray(0, n));
    grown.parentById.set(this.parentById.subarray(0, n));
    grown.actionById.set(this.actionById.subarray(0, n));
    grown.depthById.set(this.depthById.subarray(0, n));
    const table = grown.table;
    const mask = grown.mask;
    for (let id = 0; id < n; id++) {
      if (this.depthById[id] === 0) continue;
      const h = this.hiById[id] === 0 ? 1 : this.hiById[id]!;
      const l = this.loById[id] === 0 ? 1 : this.loById[id]!;
      let slot = (l ^ Math.imul(h, 0x9e3779b1)) & mask;
      while (table[2 * slot] !== 0) slot = (slot + 1) & mask;
      table[2 * slot] = h;
      table[2 * slot + 1] = l;
    }
    grown.control.set(this.control);
    Atomics.store(grown.control, C_GROW, 0);
    this.attach(next);
    return next;
  }
}
