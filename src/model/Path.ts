/**
 * A counterexample's coordinates: the index of an initial state, then the index of each action
 * in the list the model enabled at that step. `0/2/1` is initial state 0, its action 2, then
 * action 1 of the state that led to. The CLI, the renderers and the tests all share this form.
 */
export type Path = readonly number[];

/** `[0, 2, 1]` as `0/2/1`. */
export function formatPath(path: Path): string {
  return path.join('/');
}

/** Parses `0/2/1`; throws a readable error on anything else. */
export function parsePath(text: string): number[] {
  const trimmed = text.trim();
  if (!/^\d+(\/\d+)*$/.test(trimmed)) {
    throw new Error(`"${text}" is not a path: write the action indices separated by slashes, for example 0/2/1`);
  }
  return trimmed.split('/').map(Number);
}
