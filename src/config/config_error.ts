/**
 * The error for an invalid config, in a module of its own so that code which only reports
 * config problems does not load the validator (and zod with it).
 * @module
 */
import { ExitCode, TarzError, type TarzErrorOptions } from "../errors.ts";

/**
 * The config is invalid (exit 2). The message lists every problem.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ConfigError } from "./config_error.ts";
 * const e = new ConfigError("tarz.config.ts: jobs.a.sources: expected an array", "use [\"src\"]");
 * assert.equal(e.exitCode, 2);
 * ```
 */
export class ConfigError extends TarzError {
  /** Always "ConfigError". */
  override name = "ConfigError";
  /** Creates the error (exit code 2) with an optional hint. */
  constructor(message: string, hint?: string, options?: TarzErrorOptions) {
    super(message, ExitCode.usage, hint, options);
  }
}
