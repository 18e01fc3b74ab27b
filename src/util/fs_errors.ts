/**
 * Short, human wording for file system errors, for warnings and error messages. Pure.
 * @module
 */

/** True when the error means the disk is full. */
export function isNoSpace(e: unknown): boolean {
  return (e as { code?: string }).code === "ENOSPC" || /no space left/i.test((e as Error).message);
}

/**
 * Describes why reading a source failed: "permission denied", "vanished before it could be
 * read", or the system's message.
 */
export function describeReadError(e: unknown): string {
  if (e instanceof Deno.errors.PermissionDenied) return "permission denied";
  if (e instanceof Deno.errors.NotFound) return "vanished before it could be read";
  if (isNoSpace(e)) return "no space left on device";
  return (e as Error).message;
}

/** What the environment errors mean, and what a user can do about each. */
const _ENVIRONMENT: Record<string, { what: string; hint: string }> = {
  EROFS: { what: "the file system is read-only", hint: "choose a writable destination" },
  EACCES: {
    what: "permission denied",
    hint: "check the permissions there, or run as a user who may write there",
  },
  EPERM: { what: "the operation is not permitted", hint: "check the permissions there" },
  ENOSPC: {
    what: "no space left on the device",
    hint: "free some space or choose another destination",
  },
  EDQUOT: { what: "the disk quota is exceeded", hint: "free some space within your quota" },
  ENAMETOOLONG: {
    what: "a name is too long for the file system",
    hint: "strip leading path components, or use a file system that takes longer names",
  },
  ELOOP: {
    what: "too many levels of symbolic links",
    hint: "check for a symlink loop in the path",
  },
  EXDEV: {
    what: "it is on another file system",
    hint: "keep the temporary and final paths on one file system",
  },
  EMFILE: { what: "too many open files", hint: "raise the open-file limit (ulimit -n)" },
  ENFILE: { what: "the system has too many open files", hint: "try again when fewer are open" },
};

/** An error of the environment (read-only, full, no permission...), as plain words. */
export interface EnvironmentError {
  /** The errno name, e.g. "EROFS". */
  code: string;
  /** e.g. "Cannot write /mnt/ro/x: the file system is read-only" */
  message: string;
  /** What to do about it. */
  hint: string;
}

/**
 * Recognises a file system error that is about the environment, not a fault of tarz, and
 * words it plainly with the path it concerns (shortened: a hostile name may be megabytes).
 * Null for anything else.
 */
export function environmentError(e: unknown): EnvironmentError | null {
  const code = (e as { code?: unknown })?.code;
  if (typeof code !== "string" || !(code in _ENVIRONMENT)) return null;
  const { what, hint } = _ENVIRONMENT[code];
  const message = (e as Error).message ?? "";
  // Deno's wording: "Read-only file system (os error 30): open '/mnt/ro/x'"
  const at = message.indexOf("): ");
  const op = at < 0 ? "" : message.slice(at + 3, message.indexOf(" ", at + 3));
  const quote = message.indexOf("'", at);
  const path = quote < 0 ? "" : message.slice(quote + 1, message.lastIndexOf("'"));
  const verb = _READS.has(op) ? "read" : "write";
  const where = path ? ` ${shortName(path)}` : "";
  return { code, message: `Cannot ${verb}${where}: ${what}`, hint };
}

const _READS = new Set(["readfile", "stat", "lstat", "readdir", "realpath", "readlink"]);

/** A name cut to at most `max` characters, keeping its start and end. */
export function shortName(name: string, max = 120): string {
  if (name.length <= max) return name;
  const half = Math.floor((max - 1) / 2);
  return `${name.slice(0, half)}…${name.slice(name.length - half)}`;
}
