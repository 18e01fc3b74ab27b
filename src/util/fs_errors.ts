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
