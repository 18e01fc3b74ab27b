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
 * What the user can do about an error, named so that each front end can say it in its own
 * terms: the CLI names its flags (src/cli/hints.ts), a library caller its options.
 */
export type Remedy =
  /** The output exists: allow overwriting it (`force`). */
  | "overwrite"
  /** The data is encrypted: give an age identity (`identities`). */
  | "identity"
  /** An identity file could not be read or is not one. */
  | "identity-file"
  /** None of the identities given is a recipient. */
  | "other-identity"
  /** The base directory (`cwd`) is wrong. */
  | "base-directory"
  /** A source does not exist, as named from the base directory. */
  | "source-path"
  /** An exclude file (`excludeFrom`) could not be read. */
  | "exclude-file"
  /** The format can't be told from the output's name (`format`). */
  | "format"
  /** The format can't be told for standard output (`format`). */
  | "format-stdout"
  /** The level doesn't suit the format (`level`). */
  | "level"
  /** The config file named (`--config`) does not exist. */
  | "config-path"
  /** No config in the directory. */
  | "config-init"
  /** A config with several jobs: say which. */
  | "job-name"
  /** The config's code threw. */
  | "config-code"
  /** The chain up to the restore point (`at`) is damaged or has a gap: an earlier one. */
  | "restore-earlier"
  /** Nothing was backed up by the restore point (`at`): a later one. */
  | "restore-later"
  /** An extraction limit (`maxEntries`) was reached. */
  | "max-entries"
  /** An extraction limit (`maxBytes`) was reached. */
  | "max-bytes";

/** Options of a {@linkcode TarzError}: the cause, and what can be done about it. */
export interface TarzErrorOptions extends ErrorOptions {
  /** What can be done about the error, for a front end to say in its own terms. */
  remedy?: Remedy;
}

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
  /** What can be done about it, for a front end to say in its own terms. */
  readonly remedy?: Remedy;
  /** Creates the error; `exitCode` defaults to 1; `options.cause` keeps what caused it. */
  constructor(
    message: string,
    readonly exitCode: number = ExitCode.failed,
    readonly hint?: string,
    options?: TarzErrorOptions,
  ) {
    super(message, options);
    this.remedy = options?.remedy;
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
  constructor(message: string, hint?: string, options?: TarzErrorOptions) {
    super(message, ExitCode.usage, hint, options);
  }
}
