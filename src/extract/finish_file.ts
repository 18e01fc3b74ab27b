/**
 * The last step of writing an extracted file, the same on both threads: its owner, then its
 * mode, then its time. The owner goes first because a change of owner clears setuid and
 * setgid. The writer thread's source embeds this function's text, so it must use nothing
 * but its arguments and `Deno`.
 * @module
 */

/** What a file gets: mode, mtime (seconds), and owner (used only with `how.chown`). */
export interface FileMeta {
  mode: number;
  mtime: number;
  uid: number;
  gid: number;
}

/** How the file was made. */
export interface FinishHow {
  /** The process umask, which masked the mode the file was created with. */
  umask: number;
  /** Give the file `meta.uid` and `meta.gid`; ids this system refuses are ignored, as by tar. */
  chown: boolean;
  /** Created with this mode instead of `meta.mode` (0600 while it was written in chunks). */
  created?: number;
}

/** Gives a just-written file its owner, mode and time, in that order. */
export function finishFile(path: string, meta: FileMeta, how: FinishHow): void {
  if (how.chown) {
    try {
      Deno.chownSync(path, meta.uid, meta.gid);
    } catch { /* ids that do not exist here */ }
  }
  const cleared = how.chown && (meta.mode & 0o6000) !== 0;
  if (how.created !== undefined || (meta.mode & how.umask) !== 0 || cleared) {
    Deno.chmodSync(path, meta.mode);
  }
  Deno.utimeSync(path, meta.mtime, meta.mtime);
}
