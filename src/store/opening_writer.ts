/**
 * An {@linkcode ObjectWriter} still being opened, for a store that takes a while to open
 * (the SFTP store: ssh and its session), so that the walk and the compressor need not wait
 * for it. Until the writer opens, `writeAll` takes up to `limit` bytes of what comes
 * (copies: a producer may reuse a chunk once it is taken), and hands them on first once it
 * has opened. A store that cannot be opened fails the write with its own error.
 * @module
 */
import type { ObjectWriter } from "./store.ts";

/** A writer that is on its way; see the module. */
export class OpeningWriter implements ObjectWriter {
  #writer: ObjectWriter | null = null;

  /** `opening` is the store's `create`; `location` is what it will write. */
  constructor(
    readonly opening: Promise<ObjectWriter>,
    readonly location: string,
    readonly limit: number,
  ) {
    opening.then((w) => (this.#writer = w), () => {/* reported by writeAll or commit */});
  }

  async writeAll(
    chunks: AsyncIterable<Uint8Array>,
    onBytes?: (n: number) => void,
  ): Promise<number> {
    const it = chunks[Symbol.asyncIterator]();
    const held: Uint8Array[] = [];
    let bytes = 0;
    let next: Promise<IteratorResult<Uint8Array>> | null = null;
    const settled = this.opening.then(() => null, () => null);
    while (!this.#writer && bytes < this.limit) {
      next ??= it.next();
      const r = await Promise.race([next, settled]);
      if (r === null) break; // opened, or failed to: `next` may still be on its way
      next = null;
      if (r.done) break;
      held.push(r.value.slice());
      bytes += r.value.length;
    }
    const writer = await this.opening.catch(async (e) => {
      await it.return?.();
      throw e;
    });
    return await writer.writeAll(_joined(held, next, it), onBytes);
  }

  async commit(): Promise<void> {
    await (await this.opening).commit();
  }

  async discard(): Promise<void> {
    const writer = await this.opening.catch(() => null);
    await writer?.discard();
  }
}

/** The chunks held, the one asked for, then the rest. */
async function* _joined(
  held: Uint8Array[],
  next: Promise<IteratorResult<Uint8Array>> | null,
  it: AsyncIterator<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  try {
    yield* held.splice(0);
    if (next) {
      const r = await next;
      if (r.done) return;
      yield r.value;
    }
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  } finally {
    await it.return?.(); // the writer gave up: the producer stops too
  }
}
