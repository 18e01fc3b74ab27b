/**
 * `command({ before, after, onError })`: runs shell commands around a run, for example a
 * database dump written into the sources before archiving. The run is described in
 * environment variables: TARZ_JOB, TARZ_OUTPUT, TARZ_CWD, and after the archive also
 * TARZ_FILES and TARZ_BYTES_OUT; onError gets TARZ_ERROR. A command that exits non-zero
 * fails the hook (so `before` stops the run unless the policy says otherwise).
 * @module
 */
import type { FailurePolicy, TarzPlugin } from "../src/plugin/plugin.ts";

/** Options for {@linkcode command}. */
export interface CommandOptions {
  /** Runs before anything is read, in the job's directory. */
  before?: string;
  /** Runs after the archive is written. */
  after?: string;
  /** Runs when the run fails. */
  onError?: string;
  /**
   * What a failing command does to the run.
   * @default {"essential"}
   */
  policy?: FailurePolicy;
}

/**
 * Creates the plugin.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { command } from "./command.ts";
 * const p = command({ before: "pg_dump app > dump.sql" });
 * assert.ok(p.name === "command");
 * ```
 */
export function command(options: CommandOptions): TarzPlugin {
  const env: Record<string, string> = {};
  let cwd = ".";
  return {
    name: "command",
    policy: options.policy,
    setup(ctx) {
      cwd = ctx.cwd;
      Object.assign(env, { TARZ_JOB: ctx.job, TARZ_OUTPUT: ctx.output, TARZ_CWD: ctx.cwd });
    },
    async beforeRun() {
      if (options.before) await _run("before", options.before, cwd, env);
    },
    async afterArchive(result) {
      if (!options.after) return;
      await _run("after", options.after, cwd, {
        ...env,
        TARZ_FILES: String(result.files),
        TARZ_BYTES_OUT: String(result.bytesOut),
      });
    },
    async onError(error) {
      if (options.onError) {
        await _run("onError", options.onError, cwd, { ...env, TARZ_ERROR: error.message });
      }
    },
  };
}

async function _run(
  which: string,
  script: string,
  cwd: string,
  env: Record<string, string>,
): Promise<void> {
  const out = await new Deno.Command("sh", {
    args: ["-c", script],
    cwd,
    env,
    stdin: "null",
    stdout: "inherit",
    stderr: "piped",
  }).output();
  if (!out.success) {
    const tail = new TextDecoder().decode(out.stderr).trim().split("\n").slice(-3).join(" | ");
    throw new Error(`${which} command exited with ${out.code}${tail ? `: ${tail}` : ""}`);
  }
}
