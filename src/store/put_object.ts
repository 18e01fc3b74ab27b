/**
 * Writing a small object whole through a store's own writer: created, written in one
 * chunk, committed, and discarded if anything fails, so nothing half-written is left.
 * @module
 */
import type { CreateOptions, Store } from "./store.ts";

/** Puts `data` at `key` in `store` through {@linkcode Store.create}. */
export async function putThrough(
  store: Store,
  key: string,
  data: Uint8Array,
  options: CreateOptions = {},
): Promise<void> {
  const w = await store.create(key, options);
  try {
    await w.writeAll((async function* () {
      yield data;
    })());
    await w.commit();
  } catch (e) {
    await w.discard();
    throw e;
  }
}
