/**
 * The walker's file system calls, for every name: UTF-8 names through Deno's API, other
 * names (held escaped, see tar/name_bytes.ts) through libc with their exact bytes. A file
 * with such a name is read through a symlink to it in a private temporary directory, so
 * the reading threads and everything after the walk open ordinary paths.
 * @module
 */
import { decodeName, encodeName, hasRawBytes } from "../tar/name_bytes.ts";
import { type Libc, libc, type RawFileInfo } from "../util/libc.ts";

/** Thrown for a name that is not UTF-8 where libc cannot be reached. */
export class RawNameError extends Error {
  override name = "RawNameError";
  constructor(path: string) {
    super(`${path}: its name is not UTF-8, which tarz reads only on Linux with FFI (-A)`);
  }
}

/** lstat (stat with `follow`) of any name. */
export function statName(path: string, follow = false): RawFileInfo {
  if (!hasRawBytes(path)) return follow ? Deno.statSync(path) : Deno.lstatSync(path);
  return _libc(path).lstat(encodeName(path), follow);
}

/** {@linkcode statName} (no link followed), or null when there is nothing there. */
export function tryStatName(path: string): RawFileInfo | null {
  try {
    return statName(path);
  } catch {
    return null;
  }
}

/** The target of the symlink at `path`, bytes kept. */
export function readLinkName(path: string): string {
  if (!hasRawBytes(path)) {
    const target = Deno.readLinkSync(path);
    if (!target.includes("\ufffd")) return target;
  }
  const lib = libc();
  if (!lib) return Deno.readLinkSync(path);
  return decodeName(lib.readLink(encodeName(path)));
}

/** The names in the directory at `path`, bytes kept. */
export function listNames(path: string): string[] {
  if (!hasRawBytes(path)) {
    const names: string[] = [];
    for (const e of Deno.readDirSync(path)) names.push(e.name);
    // U+FFFD is what Deno shows for a byte that is not UTF-8: ask for the bytes
    if (!names.some((n) => n.includes("\ufffd"))) return names;
    if (!libc()) return names;
  }
  return _libc(path).readDir(encodeName(path)).map(decodeName);
}

/** Removes `path` (a directory with everything in it), whatever bytes the names hold. */
export function removeName(path: string): void {
  if (!hasRawBytes(path)) {
    Deno.removeSync(path, { recursive: true }); // its children's bytes are kept by Deno
    return;
  }
  const lib = _libc(path);
  if (statName(path).isDirectory) {
    for (const name of listNames(path)) removeName(`${path}/${name}`);
    lib.rmdir(encodeName(path));
  } else lib.unlink(encodeName(path));
}

let _aliases: string | undefined;
let _count = 0;

/** A path that opens the file at `path` with Deno's API: itself, or a symlink to it. */
export function openablePath(path: string): string {
  if (!hasRawBytes(path)) return path;
  const lib = _libc(path);
  if (!_aliases) {
    const dir = Deno.makeTempDirSync({ prefix: "tarz-names-" });
    _aliases = dir;
    globalThis.addEventListener("unload", () => {
      try {
        Deno.removeSync(dir, { recursive: true });
      } catch { /* already gone */ }
    });
  }
  const alias = `${_aliases}/${++_count}`;
  const absolute = path.startsWith("/") ? path : `${Deno.cwd()}/${path}`;
  lib.symlink(encodeName(absolute), new TextEncoder().encode(alias));
  return alias;
}

function _libc(path: string): Libc {
  const lib = libc();
  if (!lib) throw new RawNameError(path);
  return lib;
}
