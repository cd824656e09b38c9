/** One way a nondeterministic computation can go: the options taken and what it returned. */
export interface Outcome<R> {
  readonly choices: readonly number[];
  readonly result: R;
}

/**
 * Runs `run` once per combination of choices it makes, in lexicographic order of the option
 * indices, re-executing it from the start each time (handlers are pure, so that is safe).
 * Without a call to `choose` this is a single plain call.
 */
export function enumerateChoices<R>(run: (choose: (count: number) => number) => R): Outcome<R>[] {
  const outcomes: Outcome<R>[] = [];
  const pending: number[][] = [[]];
  while (pending.length > 0) {
    const prefix = pending.pop()!;
    const taken: number[] = [];
    const choose = (count: number): number => {
      if (!Number.isInteger(count) || count < 1) throw new RangeError('choose needs at least one option');
      const at = taken.length;
      if (at < prefix.length) {
        taken.push(prefix[at]!);
        return prefix[at]!;
      }
      for (let i = count - 1; i >= 1; i--) pending.push([...taken, i]);
      taken.push(0);
      return 0;
    };
    outcomes.push({ choices: taken, result: run(choose) });
  }
  return outcomes;
}
