import type { ModelSourceRef } from '../../model/modelFromExport.ts';
import type { CheckOptions } from '../CheckOptions.ts';
import type { Tally } from '../Explorer.ts';
import type { SharedBuffers } from '../SharedVisitedSet.ts';
import type { StatePack } from '../StateCodec.ts';

/** What a worker is started with. */
export interface WorkerInit {
  readonly ref: ModelSourceRef;
  /** The search options, without callbacks. */
  readonly options: Omit<CheckOptions, 'onProgress'>;
  readonly buffers: SharedBuffers;
  /** This worker's index (0, 1, ...): where it counts its states in the shared set. */
  readonly index: number;
  /** Absolute time (ms since the epoch) at which the search gives up. */
  readonly deadline: number;
  /**
   * One Int32 per worker: the coordinator sets a worker's word to ask it, mid-level, to hand over
   * half of what it has left to expand (to a worker that has finished its share).
   */
  readonly requests: SharedArrayBuffer;
  /** Asked to share, a worker with fewer states than this left keeps them. */
  readonly shareMin: number;
}

/**
 * States moving between workers: packed as bytes where possible, else (and for states the pack
 * could not carry) by id, which the receiver replays.
 */
export interface Moved {
  readonly ids: readonly number[];
  readonly pack?: StatePack;
}

/** Coordinator to worker. */
export type Command =
  | { readonly type: 'seed' }
  | { readonly type: 'expand' }
  | { readonly type: 'resume'; readonly buffers: SharedBuffers }
  | { readonly type: 'swap'; readonly buffers: SharedBuffers }
  /** Expand these too, as part of the current level. */
  | { readonly type: 'steal-in'; readonly moved: Moved }
  | { readonly type: 'finish' };

/** An error a worker hit, in a form that crosses threads. */
export interface WorkerError {
  readonly name: string;
  readonly message: string;
  readonly phase?: string;
  readonly path?: readonly number[];
  readonly property?: string;
  readonly cause?: { readonly name: string; readonly message: string; readonly stack?: string };
}

/** Worker to coordinator. */
export type Reply =
  | { readonly type: 'ready' }
  | { readonly type: 'paused' }
  | {
      readonly type: 'level-done';
      /** States waiting for the next level. */
      readonly next: number;
      /** States of this level left unexpanded (the search stopped). */
      readonly remaining: number;
      readonly transitions: number;
      /** Milliseconds this worker has spent expanding, in all. */
      readonly busy: number;
    }
  | { readonly type: 'swapped' }
  /** Half of what was left of the level, as asked (none when too little was left). */
  | { readonly type: 'shared'; readonly moved: Moved }
  | { readonly type: 'tally'; readonly tally: Tally; readonly stopped: boolean }
  | { readonly type: 'error'; readonly error: WorkerError };

/** What a message hands over rather than copies: the bytes of the pack it carries, if any. */
export function transfers(message: Command | Reply): ArrayBuffer[] {
  const pack = 'moved' in message ? message.moved.pack : undefined;
  return pack ? [pack.bytes.buffer as ArrayBuffer] : [];
}
