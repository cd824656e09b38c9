/**
 * Interchangeable parts of a state (nodes, resource managers, values): a group of permutations
 * under which the model behaves the same. With `--symmetry` the checker explores one
 * representative per class of equivalent states; properties must not tell equivalent states
 * apart (a property that names one specific node is not symmetric).
 */
export interface Symmetry<S> {
  /** How many interchangeable elements there are (the permutations are of 0 .. size - 1). */
  readonly size: number;
  /**
   * The state with element i renamed to `perm[i]` everywhere (positions in lists, members of
   * sets, ids inside strings and messages).
   */
  permute(state: S, perm: readonly number[]): S;
  /**
   * A cheaper canonical form, if the model knows one; it must pick the same representative for
   * every state of a class (a true orbit). The default tries every permutation and keeps the one
   * with the smallest fingerprint: exact, and fine up to about 7 elements.
   */
  canonicalize?(state: S): S;
  /**
   * Where this symmetry is not exact, in words for the report (a warning whenever the search
   * uses it): for example a successor relation that renaming does not quite preserve.
   */
  readonly caveat?: string;
}
