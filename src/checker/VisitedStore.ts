/**
 * What the search needs of its set of visited states, whether it lives in one thread
 * (`VisitedSet`) or is shared between workers (`SharedVisitedSet`).
 */
export interface VisitedStore<S = unknown> {
  readonly size: number;
  /** Adds a state by fingerprint; its new id, or -1 when it was already there. */
  add(hi: number, lo: number, state: S, parent: number, action: number, depth: number): number;
  has(hi: number, lo: number, state: S): boolean;
  /** The id of a state present, or -1 (or -1 always, where ids of slots are not kept). */
  find(hi: number, lo: number, state: S): number;
  hi(id: number): number;
  lo(id: number): number;
  depth(id: number): number;
  parent(id: number): number;
  action(id: number): number;
  fingerprintHex(id: number): string;
  /** Initial-state index, then action indices, leading to `id`. */
  pathTo(id: number): number[];
  idsTo(id: number): number[];
  bytesPerState(): number;
}
