/**
 * Timing commands for the benchmarks: wall time and the peak RSS of the whole process tree
 * (wait4, like the conformance harness), each command run in turns with the others.
 * @module
 */

const MEASURE = `import os,sys,time
t=time.monotonic();pid=os.fork()
if pid==0: os.execvp("bash",["bash","-c",sys.argv[1]])
_,st,ru=os.wait4(pid,0)
print(os.waitstatus_to_exitcode(st),time.monotonic()-t,ru.ru_maxrss)`;

/** One command's wall time and peak RSS. */
export async function measure(
  cmd: string,
  cwd: string,
  env?: Record<string, string>,
): Promise<{ seconds: number; rssMiB: number }> {
  const out = await new Deno.Command("python3", { args: ["-c", MEASURE, cmd], cwd, env }).output();
  const [code, secs, rss] = new TextDecoder().decode(out.stdout).trim().split(" ").map(Number);
  if (code !== 0) {
    throw new Error(`${cmd} failed (${code}): ${new TextDecoder().decode(out.stderr)}`);
  }
  return { seconds: secs, rssMiB: rss / 1024 };
}

/** What {@linkcode medians} runs: how often, where, and what to do before each run. */
export interface MedianOptions {
  runs: number;
  cwd: string;
  /** A shell command run before each command (removing its output). */
  cleanup: string;
  /** The size of the output each command made, read after it ran. */
  outputSize: () => number | Promise<number>;
  env?: Record<string, string>;
}

/**
 * Runs each command `runs` times, taking turns (A, B, A, B, ...) so that all see the same
 * machine: this VM's disk and CPU speed drift within a minute. Median time, peak RSS.
 */
export async function medians(
  cmds: string[],
  o: MedianOptions,
): Promise<{ seconds: number; rssMiB: number; size: number }[]> {
  const all: { seconds: number; rssMiB: number }[][] = cmds.map(() => []);
  const sizes = cmds.map(() => 0);
  for (let i = 0; i < o.runs; i++) {
    for (const [k, cmd] of cmds.entries()) {
      await new Deno.Command("bash", { args: ["-c", `${o.cleanup}; sync`], cwd: o.cwd, env: o.env })
        .output();
      all[k].push(await measure(cmd, o.cwd, o.env));
      sizes[k] = await o.outputSize();
    }
  }
  return all.map((a, k) => {
    a.sort((x, y) => x.seconds - y.seconds);
    return {
      seconds: a[Math.floor(a.length / 2)].seconds,
      rssMiB: Math.max(...a.map((x) => x.rssMiB)),
      size: sizes[k],
    };
  });
}
