/**
 * Temporary files that tarz writes beside an output (`.<name>.tarz-<host>-<pid>-<id>.partial`)
 * and that a run killed with SIGKILL or a power cut leaves behind. Their names say which
 * process wrote them, so a later run in the same directory can tell a stale one from one
 * that is still being written, and remove it.
 * @module
 */

/** A temporary file that was removed, and why it was taken for stale. */
export interface StalePartial {
  /** The file removed. */
  path: string;
  /** Its size. */
  bytes: number;
  /** Why it was stale, e.g. "its writer, pid 4242, is gone". */
  why: string;
}

/** A day: a temporary file older than this is stale whoever wrote it. */
export const STALE_AFTER_MS = 24 * 3600 * 1000;

const PARTIAL = /\.tarz-(?:(?<host>[0-9a-f]{6})-(?<pid>\d+)-)?[0-9a-f]{8}\.partial$/;

/** Whether `name` is one of tarz's temporary names (this form, or the older one without pid). */
export function isTarzPartial(name: string): boolean {
  return PARTIAL.test(name);
}

/** The name a temporary name (`.NAME.tarz-….partial`) was written for; null if not one. */
export function partialTarget(name: string): string | null {
  const m = PARTIAL.exec(name);
  return m ? name.slice(0, m.index).replace(/^\./, "") : null;
}

/** The temporary name for `path` that this process writes, tagged with its host and pid. */
export function partialPathOf(path: string, hidden = true): string {
  const slash = path.lastIndexOf("/");
  const dir = path.slice(0, slash + 1);
  const base = path.slice(slash + 1);
  const id = crypto.randomUUID().slice(0, 8);
  return `${dir}${hidden ? "." : ""}${base}.tarz-${_hostTag()}-${Deno.pid}-${id}.partial`;
}

/**
 * Why the temporary file `name` with modification time `mtime` is stale, or undefined if it
 * may still be written (or is not tarz's). `alive` says whether a pid runs on this host.
 * Pure.
 */
export function staleReason(
  name: string,
  mtime: Date | null,
  now: Date,
  alive: (pid: number) => boolean,
): string | undefined {
  const m = PARTIAL.exec(name);
  if (!m) return undefined; // not tarz's
  const { host, pid } = m.groups ?? {};
  if (host === _hostTag() && pid && Number(pid) !== Deno.pid && !alive(Number(pid))) {
    return `its writer, pid ${pid}, is gone`;
  }
  if (mtime && now.getTime() - mtime.getTime() > STALE_AFTER_MS) {
    return "it is over a day old";
  }
  return undefined;
}

/**
 * Removes the stale temporary files of tarz in `dir` and returns them. Files it cannot
 * remove or read are left alone: this is tidying, never a reason to fail a run.
 */
export function removeStalePartials(dir: string, now = new Date()): StalePartial[] {
  const removed: StalePartial[] = [];
  const prefix = dir === "" || dir.endsWith("/") ? dir : `${dir}/`;
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync(prefix || ".")];
  } catch {
    return removed;
  }
  for (const e of entries) {
    if (!e.isFile || !e.name.endsWith(".partial")) continue;
    const path = `${prefix}${e.name}`;
    try {
      const st = Deno.lstatSync(path);
      const why = staleReason(e.name, st.mtime, now, _alive);
      if (!why) continue;
      Deno.removeSync(path);
      removed.push({ path, bytes: st.size, why });
    } catch { /* gone meanwhile, or not ours to remove */ }
  }
  return removed;
}

/** Whether `pid` runs here; without a /proc to look in, every pid counts as running. */
function _alive(pid: number): boolean {
  try {
    Deno.statSync("/proc/self");
  } catch {
    return true;
  }
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch {
    return false;
  }
}

let _tag: string | undefined;

/** Six hex digits from the host name, so that hosts sharing a directory keep apart. */
function _hostTag(): string {
  if (_tag) return _tag;
  let h = 0x811c9dc5;
  for (const c of new TextEncoder().encode(Deno.hostname())) h = Math.imul(h ^ c, 0x01000193);
  _tag = (h >>> 0).toString(16).padStart(8, "0").slice(0, 6);
  return _tag;
}
