/**
 * The last step of an extraction: directory owners, modes and times, applied deepest first
 * (as DestTree lists them) to directories that are still real directories. Best effort,
 * like tar: a directory that changed or an id this system lacks is passed over.
 * @module
 */
import { encodeName, hasRawBytes } from "../tar/name_bytes.ts";
import type { Libc } from "../util/libc.ts";
import type { FileMeta } from "./finish_file.ts";

/** Gives each directory its metadata; `lib` handles names that are not UTF-8. */
export function applyDirMeta(
  dirs: Iterable<[path: string, meta: FileMeta]>,
  o: { chown: boolean; lib?: Libc },
): void {
  for (const [path, meta] of dirs) {
    if (hasRawBytes(path)) {
      if (o.lib) _rawDirMeta(o.lib, encodeName(path), meta, o.chown);
      continue;
    }
    try {
      if (!Deno.lstatSync(path).isDirectory) continue;
      // the owner first: a change of owner clears setuid and setgid
      if (o.chown) _chown(path, meta);
      Deno.chmodSync(path, meta.mode);
      Deno.utimeSync(path, meta.mtime, meta.mtime);
    } catch { /* gone, or best effort, like tar */ }
  }
}

function _rawDirMeta(lib: Libc, path: Uint8Array, meta: FileMeta, chown: boolean): void {
  try {
    if (!lib.lstat(path).isDirectory) return;
    if (chown) {
      try {
        lib.lchown(path, meta.uid, meta.gid);
      } catch { /* ids that do not exist here */ }
    }
    lib.chmod(path, meta.mode);
    lib.utimes(path, meta.mtime, meta.mtime);
  } catch { /* best effort, like tar */ }
}

function _chown(path: string, meta: FileMeta): void {
  try {
    Deno.chownSync(path, meta.uid, meta.gid);
  } catch { /* ids that do not exist here */ }
}
