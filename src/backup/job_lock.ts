/**
 * One run of a job at a time: a lock file created exclusively, holding the owner's pid,
 * host and start time. A lock whose process is gone (same host, no such pid) is stale and
 * is taken over; a live one makes the second run stop with a clear message.
 * @module
 */
import { TarzError } from "../errors.ts";

/** What a lock file holds. */
export interface LockInfo {
  pid: number;
  host: string;
  started: string;
}

/** Another run holds the lock (exit 1). */
export class LockedError extends TarzError {
  override name = "LockedError";
}

/** A held lock; `release()` removes it. */
export interface JobLock {
  path: string;
  /** Set when a stale lock was taken over: whose it was. */
  tookOver?: LockInfo;
  release(): void;
}

/** Whether a process with this pid exists on this machine. */
export function processAlive(pid: number): boolean {
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch {
    try {
      Deno.kill(pid, "SIGCONT"); // no /proc (macOS): probe with a harmless signal
      return true;
    } catch (e) {
      return e instanceof Deno.errors.PermissionDenied;
    }
  }
}

/** Takes the lock at `path` for `job`, or throws {@linkcode LockedError}. */
export function acquireLock(path: string, job: string): JobLock {
  const me: LockInfo = { pid: Deno.pid, host: Deno.hostname(), started: new Date().toISOString() };
  let tookOver: LockInfo | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      Deno.writeTextFileSync(path, JSON.stringify(me) + "\n", { createNew: true });
      return {
        path,
        tookOver,
        release: () => {
          try {
            Deno.removeSync(path);
          } catch { /* already gone */ }
        },
      };
    } catch (e) {
      if (!(e instanceof Deno.errors.AlreadyExists)) throw e;
    }
    let other: LockInfo | undefined;
    try {
      other = JSON.parse(Deno.readTextFileSync(path));
    } catch { /* unreadable: treat as stale */ }
    const live = other && (other.host !== me.host || processAlive(other.pid));
    if (live) {
      throw new LockedError(
        `Job "${job}" is already running (pid ${other!.pid} on ${other!.host}, since ${
          other!.started
        })`,
        1,
        `wait for it to finish; if it is dead, remove ${path}`,
      );
    }
    tookOver = other;
    try {
      Deno.removeSync(path);
    } catch { /* another run took it over first: retry decides */ }
  }
  throw new LockedError(`Job "${job}" is already running (its lock ${path} keeps coming back)`);
}
