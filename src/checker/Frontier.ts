/**
 * The states waiting to be expanded, with their ids: a queue for breadth-first search (shortest
 * counterexamples) and a stack for depth-first search. One structure, so there is one search
 * loop whatever the order.
 */
export class Frontier<S> {
  private states: (S | undefined)[] = [];
  private ids: number[] = [];
  private head = 0;

  constructor(private readonly lifo: boolean) {}

  get size(): number {
    return this.states.length - this.head;
  }

  push(state: S, id: number): void {
    this.states.push(state);
    this.ids.push(id);
  }

  /** Removes the next state; its id is then in `lastId`. Call only when `size > 0`. */
  take(): S {
    let state: S;
    if (this.lifo) {
      this.lastId = this.ids.pop()!;
      state = this.states.pop()!;
    } else {
      this.lastId = this.ids[this.head]!;
      state = this.states[this.head]!;
      this.states[this.head] = undefined;
      this.head++;
      if (this.head > 4096 && this.head * 2 > this.states.length) {
        this.states = this.states.slice(this.head);
        this.ids = this.ids.slice(this.head);
        this.head = 0;
      }
    }
    return state;
  }

  lastId = -1;
}
