import type { Explorer } from './Explorer.ts';
import { findLasso } from './liveness.ts';
import type { VisitedStore } from './VisitedStore.ts';

/**
 * After a complete search: decides each liveness property on the state graph the explorer kept,
 * a lasso for each one violated.
 */
export function decideLiveness<S, A>(explorer: Explorer<S, A>, visited: VisitedStore<S>): void {
  const graph = explorer.live!;
  const inits: number[] = [];
  for (let id = 0; id < visited.size && visited.parent(id) === -1; id++) inits.push(id);
  const lassos = (explorer.tally.lassos ??= new Map());
  explorer.liveProps.forEach((i, j) => {
    const lasso = findLasso(graph, visited.size, inits, { kind: explorer.props[i]!.kind, bit: 2 * j });
    explorer.tally.status[i] = lasso ? 'fail' : 'pass';
    // Its edges carry the action indices of the objects they were found on: re-derived so the
    // path replays from the initial state (see Explorer.replayableActions).
    if (lasso) lassos.set(i, { ...lasso, actions: explorer.replayableActions(lasso) });
  });
}
