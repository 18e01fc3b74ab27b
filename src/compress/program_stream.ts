/**
 * Streams bytes through an external program (xz, bzip2, or --use-compress-program), the way
 * GNU tar's -I does. Backpressure comes from the pipes.
 * @module
 */

import { findOnPath } from "../util/find_on_path.ts";

/** Thrown when the external program fails or cannot be started. */
export class ProgramError extends Error {
  override name = "ProgramError";
}

let _setsid: string | null | undefined;

/**
 * `argv`, run so that the terminal's Ctrl-C does not reach it: in a session of its own
 * (`setsid`, where it exists), else with SIGINT ignored, which exec keeps. The program
 * shares the terminal's process group otherwise, and would die of the very Ctrl-C that
 * tarz answers with its "Interrupt?" question; tarz stops it itself when told to.
 */
export function shieldedFromCtrlC(argv: string[]): string[] {
  _setsid ??= findOnPath("setsid");
  if (_setsid) return [_setsid, ...argv];
  return ["sh", "-c", 'trap "" INT; exec "$@"', "sh", ...argv];
}

/**
 * Stops the program, and in its own session the programs it started too: `sh -c` leaves its
 * children behind, and they would hold the pipes open.
 */
function _kill(child: Deno.ChildProcess, inSession: boolean): void {
  if (inSession) {
    try {
      Deno.kill(-child.pid, "SIGTERM");
    } catch { /* not yet its own group, or gone: the kill below is enough */ }
  }
  try {
    child.kill();
  } catch { /* already exited */ }
}

async function _readAll(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  try {
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      text += decoder.decode(r.value, { stream: true });
    }
  } catch { /* cancelled */ }
  return text + decoder.decode();
}

/**
 * Runs `argv` with `source` on stdin and yields its stdout; fails if it exits non-zero. An
 * abort of `signal` stops the program at once and throws the signal's reason (the program
 * may hold a lot of input before its next output).
 */
export async function* throughProgram(
  source: AsyncIterable<Uint8Array>,
  argv: string[],
  signal?: AbortSignal,
): AsyncGenerator<Uint8Array> {
  if (!findOnPath(argv[0]) && !argv[0].includes("/")) {
    throw new ProgramError(
      `Cannot run ${argv[0]}: it is not installed; install it or choose another format`,
    );
  }
  const shielded = shieldedFromCtrlC(argv);
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(shielded[0], {
      args: shielded.slice(1),
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
  } catch (e) {
    throw new ProgramError(
      `Cannot run ${argv[0]}: ${(e as Error).message}; install it or choose another format`,
    );
  }
  const inSession = shielded[0] === _setsid;
  const stderrReader = child.stderr.getReader();
  const stderr = _readAll(stderrReader);
  let pumpError: unknown;
  const pump = (async () => {
    const w = child.stdin.getWriter();
    try {
      for await (const chunk of source) await w.write(chunk);
      await w.close();
    } catch (e) {
      // the input failed or was cancelled: stop the program now, not once it has finished
      // with what it holds (xz keeps whole blocks of 24 MiB before its first output)
      pumpError = e;
      _kill(child, inSession);
      try {
        await w.abort();
      } catch { /* the program already went away */ }
    }
  })();
  let finished = false;
  const stop = () => _kill(child, inSession);
  signal?.addEventListener("abort", stop, { once: true });
  if (signal?.aborted) stop();
  // once aborted, the input may be waiting on what was aborted: it ends on its own
  const inputDone = () => signal?.aborted ? Promise.resolve() : pump;
  try {
    for await (const chunk of child.stdout) yield chunk;
    finished = true;
  } finally {
    signal?.removeEventListener("abort", stop);
    if (!finished) {
      stop();
      await inputDone();
      await child.status;
      await stderrReader.cancel().catch(() => {});
    }
  }
  await inputDone();
  const status = await child.status;
  // a stopped program's children may still hold its stderr: its message is not needed
  if (signal?.aborted) await stderrReader.cancel().catch(() => {});
  signal?.throwIfAborted();
  const err = (await stderr).trim();
  if (pumpError) throw pumpError;
  if (!status.success) {
    throw new ProgramError(
      `${argv.join(" ")} failed (exit ${status.code})${err ? `: ${err.split("\n")[0]}` : ""}`,
    );
  }
}
