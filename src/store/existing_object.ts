/**
 * The rule of the stores that upload to a temporary name and rename it into place (SFTP,
 * rclone): an existing object is replaced only with `force`. It is checked when the upload
 * starts, to refuse at once, and again just before the rename, since another run may have
 * written the name meanwhile.
 * @module
 */
import { OutputExistsError } from "../sink/atomic_file.ts";
import type { Store } from "./store.ts";

/**
 * Throws {@linkcode OutputExistsError} when `key` exists in `store` and `force` is not set,
 * after `discard` (the upload's), so that nothing is left behind.
 */
export async function refuseExisting(
  store: Store,
  key: string,
  force: boolean,
  discard?: () => Promise<void>,
): Promise<void> {
  if (force || !(await store.stat(key))) return;
  await discard?.();
  throw new OutputExistsError(store.describe(key));
}
