/**
 * Error classes with exit codes. A {@linkcode TarzError} is about the user's input or
 * environment and is shown as one line plus a hint; anything else is a bug.
 * @module
 */

/** Exit codes, the same for every command (see docs/exit-codes.md). */
export const ExitCode = {
  /** Everything worked. */
  ok: 0,
  /** The run failed: nothing usable was produced. */
  failed: 1,
  /** Bad usage: a flag, a pattern, a missing source, an existing output. */
  usage: 2,
  /** Partial: done, but with warnings (unreadable files, refused members, kept files). */
  partial: 3,
  /** Interrupted by the user (Ctrl-C answered yes) or by a signal. */
  interrupted: 130,
} as const;

/** An error caused by input or environment, carrying its exit code and a hint. */
export class TarzError extends Error {
  override name = "TarzError";
  constructor(
    message: string,
    readonly exitCode: number = ExitCode.failed,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** Bad usage: exit code 2. */
export class UsageError extends TarzError {
  override name = "UsageError";
  constructor(message: string, hint?: string) {
    super(message, ExitCode.usage, hint);
  }
}
