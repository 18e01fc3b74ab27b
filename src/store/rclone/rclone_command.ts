/**
 * Running the system `rclone` for the rclone store (an I/O adapter): a command's output, or
 * one line that says what went wrong and what to do (rclone missing, an unknown remote, or
 * rclone's own last message).
 * @module
 */
import { TarzError } from "../../errors.ts";

/** Thrown when rclone is missing or fails; the message ends with rclone's own words. */
export class RcloneError extends TarzError {
  /** Always "RcloneError". */
  override name = "RcloneError";
}

/** The rclone program: `TARZ_RCLONE` when set (tests), else `rclone` on PATH. */
export function rcloneProgram(): string {
  return Deno.env.get("TARZ_RCLONE") || "rclone";
}

/** Runs `rclone args…`; its stdout, or throws {@linkcode RcloneError} naming `what`. */
export async function rclone(
  args: string[],
  what: string,
  accept: (stderr: string) => boolean = () => false,
): Promise<{ ok: boolean; stdout: string }> {
  let out: Deno.CommandOutput;
  try {
    out = await new Deno.Command(rcloneProgram(), { args, stdin: "null" }).output();
  } catch (e) {
    throw missingRclone(e);
  }
  const stderr = new TextDecoder().decode(out.stderr);
  if (out.success) return { ok: true, stdout: new TextDecoder().decode(out.stdout) };
  if (accept(stderr)) return { ok: false, stdout: "" };
  throw rcloneFailed(what, stderr);
}

/** The error for rclone not being there. */
export function missingRclone(cause: unknown): RcloneError {
  return new RcloneError(
    `Cannot run ${rcloneProgram()}: it is not installed (or not on PATH)`,
    1,
    "install rclone (apt install rclone, or https://rclone.org/install/)",
    { cause },
  );
}

/** The error for a failed rclone command, with rclone's last message. */
export function rcloneFailed(what: string, stderr: string): RcloneError {
  const last = stderr.trim().split("\n").filter(Boolean).at(-1) ?? "rclone failed";
  const message = last.replace(
    /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d (?:ERROR|NOTICE)?\s*:?\s*/,
    "",
  );
  const unknown = /didn't find section in config file|section .* not found/i.test(stderr);
  return new RcloneError(
    `rclone failed on ${what}: ${message}`,
    unknown ? 2 : 1,
    unknown
      ? "no such rclone remote: run rclone config, or check RCLONE_CONFIG"
      : "run the same rclone command by hand to see more (rclone -vv)",
  );
}

/** Whether rclone's stderr says the object is not there. */
export function notFound(stderr: string): boolean {
  return /not found|doesn't exist|no such file/i.test(stderr);
}
