/**
 * Streams bytes through an external program (xz, bzip2, or --use-compress-program), the way
 * GNU tar's -I does. Backpressure comes from the pipes.
 * @module
 */

/** Thrown when the external program fails or cannot be started. */
export class ProgramError extends Error {
  override name = "ProgramError";
}

/** Runs `argv` with `source` on stdin and yields its stdout; fails if it exits non-zero. */
export async function* throughProgram(
  source: AsyncIterable<Uint8Array>,
  argv: string[],
): AsyncGenerator<Uint8Array> {
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(argv[0], {
      args: argv.slice(1),
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
  } catch (e) {
    throw new ProgramError(
      `Cannot run ${argv[0]}: ${(e as Error).message}; install it or choose another format`,
    );
  }
  const stderr = new Response(child.stderr).text();
  let pumpError: unknown;
  const pump = (async () => {
    const w = child.stdin.getWriter();
    try {
      for await (const chunk of source) await w.write(chunk);
      await w.close();
    } catch (e) {
      pumpError = e;
      try {
        await w.abort();
      } catch { /* the program already went away */ }
    }
  })();
  let finished = false;
  try {
    for await (const chunk of child.stdout) yield chunk;
    finished = true;
  } finally {
    if (!finished) {
      try {
        child.kill();
      } catch { /* already exited */ }
      await pump;
      await child.status;
      await stderr;
    }
  }
  await pump;
  const status = await child.status;
  const err = (await stderr).trim();
  if (pumpError) throw pumpError;
  if (!status.success) {
    throw new ProgramError(
      `${argv.join(" ")} failed (exit ${status.code})${err ? `: ${err.split("\n")[0]}` : ""}`,
    );
  }
}
