/**
 * Small text files (manifests, status files, snapshots, Prometheus textfiles) written
 * whole or not at all: a temporary file beside the target, then a rename.
 * @module
 */
import { partialPathOf } from "./stale_partials.ts";

/** Writes `text` to `path` through a temporary file and a rename; leaves nothing on failure. */
export function writeTextAtomically(path: string, text: string): void {
  writeBytesAtomically(path, new TextEncoder().encode(text));
}

/** Writes `bytes` to `path` through a temporary file and a rename; leaves nothing on failure. */
export function writeBytesAtomically(path: string, bytes: Uint8Array): void {
  const tmp = partialPathOf(path, false);
  try {
    Deno.writeFileSync(tmp, bytes);
    Deno.renameSync(tmp, path);
  } catch (e) {
    try {
      Deno.removeSync(tmp);
    } catch { /* never written */ }
    throw e;
  }
}
