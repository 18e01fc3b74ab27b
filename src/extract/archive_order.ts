/**
 * Members reported in archive order while a writer thread finishes files behind this one.
 * A member done here waits behind any file still with the writer; a file handed to the
 * writer waits for its outcome, then releases what queued behind it. Pure logic.
 * @module
 */

/** Keeps `T`s in archive order until the writer's tickets before them are done. */
export class ArchiveOrder<T> {
  readonly #waiting: { item: T; ticket: number }[] = [];

  /** `emit` is called for each item once everything before it is done. */
  constructor(readonly emit: (item: T) => void) {}

  /** An item done on this thread: emitted now, unless a file before it is with the writer. */
  done(item: T): void {
    if (this.#waiting.length) this.#waiting.push({ item, ticket: -1 });
    else this.emit(item);
  }

  /** An item whose file went to the writer as `ticket`: it waits for {@linkcode resolve}. */
  handedOver(item: T, ticket: number): void {
    this.#waiting.push({ item, ticket });
  }

  /**
   * The writer finished `ticket`, which must be the oldest one handed over. Its item goes
   * to `settle` (to emit it, or refuse it), then the items done behind it are emitted.
   */
  resolve(ticket: number, settle: (item: T) => void): void {
    const first = this.#waiting.shift();
    if (!first || first.ticket !== ticket) {
      throw new Error(`file ${ticket} reported out of order`);
    }
    settle(first.item);
    while (this.#waiting.length && this.#waiting[0].ticket < 0) {
      this.emit(this.#waiting.shift()!.item);
    }
  }
}
