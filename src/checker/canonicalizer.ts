import { OptionError } from '../model/OptionError.ts';
import type { Symmetry } from '../model/Symmetry.ts';
import { fingerprintInto, fpHi, fpLo } from './fingerprint.ts';

/** Every permutation of 0 .. n - 1, the identity first. */
export function permutations(n: number): number[][] {
  const out: number[][] = [];
  const perm = Array.from({ length: n }, (_, i) => i);
  const walk = (k: number): void => {
    if (k === n) {
      out.push([...perm]);
      return;
    }
    for (let i = k; i < n; i++) {
      [perm[k], perm[i]] = [perm[i]!, perm[k]!];
      walk(k + 1);
      [perm[k], perm[i]] = [perm[i]!, perm[k]!];
    }
  };
  walk(0);
  return out;
}

/**
 * The function the checker applies before fingerprinting: the representative of a state's class.
 * By default the permuted state with the smallest fingerprint, which is the same for every state
 * of the class, so the number of distinct representatives is the true number of orbits.
 */
export function canonicalizer<S>(symmetry: Symmetry<S>): (state: S) => S {
  if (symmetry.canonicalize) return (s) => symmetry.canonicalize!(s);
  if (symmetry.size > 8) {
    throw new OptionError(
      `symmetry over ${symmetry.size} elements needs a canonicalize() in the model: trying all ${symmetry.size}! permutations of every state is too slow`,
    );
  }
  const perms = permutations(symmetry.size).slice(1);
  return (state) => {
    fingerprintInto(state);
    let bestHi = fpHi >>> 0;
    let bestLo = fpLo >>> 0;
    let best = state;
    for (const perm of perms) {
      const candidate = symmetry.permute(state, perm);
      fingerprintInto(candidate);
      const hi = fpHi >>> 0;
      const lo = fpLo >>> 0;
      if (hi < bestHi || (hi === bestHi && lo < bestLo)) {
        bestHi = hi;
        bestLo = lo;
        best = candidate;
      }
    }
    return best;
  };
}
