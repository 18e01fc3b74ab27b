/**
 * Error classes with exit codes. A {@linkcode TarzError} is about the user's input or
 * environment and is shown as one line plus a hint; anything else is a bug.
 * @module
 */

/**
 * Exit codes, the same for every command (see docs/exit-codes.md).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ExitCode } from "./errors.ts";
 * assert.ok(ExitCode.partial === 3 && ExitCode.interrupted === 130);
 * ```
 */
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
  /** Standard output was closed by its reader (`| head`), as tar exits on SIGPIPE: quietly. */
  brokenPipe: 141,
} as const;

/**
 * An error caused by input or environment, carrying its exit code and a hint.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { TarzError } from "./errors.ts";
 * const e = new TarzError("Cannot read a.tar: permission denied", 1, "check the file mode");
 * assert.ok(e.exitCode === 1 && e.hint === "check the file mode");
 * ```
 */
export class TarzError extends Error {
  /** Always "TarzError". */
  override name = "TarzError";
  /** Creates the error; `exitCode` defaults to 1; `options.cause` keeps what caused it. */
  constructor(
    message: string,
    readonly exitCode: number = ExitCode.failed,
    readonly hint?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * Bad usage: exit code 2.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { UsageError } from "./errors.ts";
 * assert.ok(new UsageError("Missing the archive", "pass -o FILE").exitCode === 2);
 * ```
 */
export class UsageError extends TarzError {
  /** Always "UsageError". */
  override name = "UsageError";
  /** Creates a usage error (exit code 2) with an optional hint. */
  constructor(message: string, hint?: string) {
    super(message, ExitCode.usage, hint);
  }
}
