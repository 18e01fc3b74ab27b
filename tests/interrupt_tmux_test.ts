/**
 * The Ctrl-C flows, for real: tarz runs in a tmux pane (a terminal), keys are sent with
 * send-keys and the screen is read with capture-pane.
 */
import assert from "node:assert/strict";
import { has, randomBytes, run, tempDir } from "./_helpers.ts";
import { waitFor } from "./_tmux.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;

/** Starts a slow create (gzip -9 of random data) in a fresh tmux session. */
async function start(dir: string, session: string): Promise<void> {
  Deno.writeFileSync(`${dir}/big.bin`, crypto.getRandomValues(new Uint8Array(65536)));
  await run([
    "sh",
    "-c",
    `for i in $(seq 1 11); do cat big.bin big.bin > b2 && mv b2 big.bin; done`,
  ], { cwd: dir });
  const cmd =
    `cd ${dir} && b=$(stty -g) && ${Deno.execPath()} run -A ${MAIN} create big.bin -o out.tar.gz --level 9 --threads 1; echo EXIT=$?; [ "$b" = "$(stty -g)" ] && echo TTY=restored; sleep 60`;
  await run(["tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "30", cmd]);
  // well before the end, so that the Ctrl-C cannot come after the last checkpoint: on a
  // loaded machine the whole run takes a few seconds only
  await waitFor(session, /Archiving .* (\d|[1-3]\d)(\.\d+)?%/);
}

const ok = has("tmux");

/** Writes incompressible bytes (so compression takes a while). */
function randomFile(path: string, size: number): void {
  Deno.writeFileSync(path, randomBytes(size));
}

/**
 * Starts a slow create in tmux, presses Ctrl-C, waits for the prompt, sends `answer` and
 * waits for the exit; returns the directory and the final screen.
 */
async function interruptAndAnswer(answer: string[]): Promise<{ dir: string; screen: string }> {
  const dir = tempDir();
  const s = `tarz-${crypto.randomUUID().slice(0, 8)}`;
  try {
    await start(dir, s);
    if (answer.length) {
      await run(["tmux", "send-keys", "-t", s, "C-c"]);
      await waitFor(s, /Interrupt archiving\? \(y\/N\)/);
      await run(["tmux", "send-keys", "-t", s, ...answer]);
    } else {
      // a burst: both bytes reach the terminal at once, before tarz has seen the first
      await run(["tmux", "send-keys", "-t", s, "C-c", "C-c"]);
    }
    return { dir, screen: await waitFor(s, /EXIT=\d+(\n.*)*\n.*TTY=restored/, 120_000) };
  } finally {
    await run(["tmux", "kill-session", "-t", s]);
  }
}

Deno.test(
  { name: "Ctrl-C then n resumes and the archive is complete and correct", ignore: !ok },
  async () => {
    // a single key answers, as with Rich's Confirm: no Enter
    const { dir, screen: out } = await interruptAndAnswer(["n"]);
    assert.match(out, /Interrupt archiving\? \(y\/N\) no/);
    assert.match(out, /EXIT=0/);
    assert.match(out, /TTY=restored/, "the terminal's modes are given back");
    const check = await run(["sh", "-c", "tar -xzOf out.tar.gz | cmp - big.bin"], { cwd: dir });
    assert.equal(check.code, 0, "not a byte lost or duplicated");
  },
);

const yesCases: [string, string[]][] = [
  ["Ctrl-C then y stops with exit 130 and leaves no partial output", ["y"]],
  ["a second Ctrl-C during the prompt means yes", ["C-c"]],
  ["a burst of two Ctrl-C means yes, however quick", []],
];
for (const [name, answer] of yesCases) {
  Deno.test({ name, ignore: !ok }, async () => {
    const { dir, screen: out } = await interruptAndAnswer(answer);
    assert.match(out, /EXIT=130/);
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["big.bin"]);
  });
}

Deno.test(
  { name: "Ctrl-Z stops tarz, fg brings it back, and Ctrl-C then n still resumes", ignore: !ok },
  async () => {
    const dir = tempDir();
    Deno.writeFileSync(`${dir}/big.bin`, randomBytes(96 << 20));
    const s = `tarz-${crypto.randomUUID().slice(0, 8)}`;
    try {
      await run(["tmux", "new-session", "-d", "-s", s, "-x", "120", "-y", "30", "bash --norc -i"]);
      await run(["tmux", "send-keys", "-t", s, `cd ${dir} && PS1='$ ' && clear`, "Enter"]);
      await run([
        "tmux",
        "send-keys",
        "-t",
        s,
        `${Deno.execPath()} run -A ${MAIN} create big.bin -o out.tar.gz --level 9 --threads 1`,
        "Enter",
      ]);
      await waitFor(s, /Archiving .* (\d|[1-3]\d)(\.\d+)?%/);
      await run(["tmux", "send-keys", "-t", s, "C-z"]);
      await waitFor(s, /Stopped/);
      await run(["tmux", "send-keys", "-t", s, "clear; fg", "Enter"]);
      await waitFor(s, /Archiving/);
      await run(["tmux", "send-keys", "-t", s, "C-c"]);
      await waitFor(s, /Interrupt archiving\? \(y\/N\)/);
      await run(["tmux", "send-keys", "-t", s, "n"]);
      await waitFor(s, /Created out\.tar\.gz/, 120_000);
      const check = await run(["sh", "-c", "gzip -dc out.tar.gz | tar -xOf - | cmp - big.bin"], {
        cwd: dir,
      });
      assert.equal(check.code, 0, "not a byte lost or duplicated");
    } finally {
      await run(["tmux", "kill-session", "-t", s]);
    }
  },
);

const signalCases: [Deno.Signal, string, string[]][] = [
  ["SIGINT", "without a terminal, SIGINT cancels at once", [
    "-o",
    "out.tar.gz",
    "--level",
    "9",
    "--threads",
    "1",
  ]],
  ["SIGTERM", "SIGTERM cancels cleanly", ["-o", "out.tar.xz"]],
];
/**
 * Runs tarz with `--progress json` and no terminal, sends `signal` after the first progress
 * event that matches `progress`, and waits for the exit.
 */
async function signalOnceRunning(
  dir: string,
  args: string[],
  progress: RegExp,
  signal: Deno.Signal,
): Promise<{ code: number; seen: string; msToExit: number }> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args, "--progress", "json"],
    cwd: dir,
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const lines = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  const event = new RegExp(`"event":"progress"[^\\n]*${progress.source}`);
  let seen = "";
  while (!event.test(seen)) {
    const r = await lines.read();
    if (r.done) break;
    seen += r.value;
  }
  const signalled = performance.now();
  child.kill(signal);
  for (let r; !(r = await lines.read()).done;) seen += r.value;
  const status = await child.status;
  return { code: status.code, seen, msToExit: performance.now() - signalled };
}

for (const [signal, what, output] of signalCases) {
  Deno.test(`${what} with exit 130 and nothing left`, async () => {
    const dir = tempDir();
    randomFile(`${dir}/big.bin`, 256 << 20);
    // signal only once the run is under way: after its first progress event with data done
    const r = await signalOnceRunning(
      dir,
      ["create", "big.bin", ...output],
      /"bytesDone":[1-9]/,
      signal,
    );
    assert.equal(r.code, 130, r.seen);
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["big.bin"]);
  });
}

const SMALL_FILES = 60_000;
/** The names of the tree's copies in the archive to extract. */
const COPIES = ["src", "s2", "s3", "s4"];

/**
 * {@linkcode SMALL_FILES} small files in 60 directories, and GNU tar's archive of them four
 * times over, as the {@linkcode COPIES}.
 */
async function manySmallFiles(): Promise<string> {
  const dir = tempDir();
  await run([
    "python3",
    "-c",
    `
import os
for d in range(60):
    os.makedirs(f"src/d{d}")
    for f in range(${SMALL_FILES / 60}):
        with open(f"src/d{d}/f{f}", "w") as h: h.write("x" * 100)
`,
  ], { cwd: dir });
  await run(["tar", "-cf", "in.tar", "src"], { cwd: dir });
  for (const copy of COPIES.slice(1)) {
    await run(["tar", "-rf", "in.tar", "--transform", `s,^src,${copy},`, "src"], { cwd: dir });
  }
  return dir;
}

// reading, parsing and writing small files is all synchronous calls: a run of a few seconds
// that must still let its progress timer and signal handler run. Each run does the tree four
// times over, so that one of about a second on a fast day cannot end before the signal.
const smallFileRuns: [string, string[], string[], boolean][] = [
  // tar keeps repeated sources
  ["archived", ["create", "src", "src", "src", "src", "-o", "out.tar"], ["in.tar", "src"], false],
  // an extraction shows how far it got: the files it wrote
  ["extracted", ["extract", "in.tar", "-C", "x"], ["in.tar", "src", "x"], true],
];

/** The files in the directories of the copies of the tree in `dir`. */
function filesBelow(dir: string): number {
  let n = 0;
  for (const copy of COPIES) {
    try {
      for (const d of Deno.readDirSync(`${dir}/${copy}`)) {
        n += [...Deno.readDirSync(`${dir}/${copy}/${d.name}`)].length;
      }
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
  }
  return n;
}
let smallFiles: Promise<string> | undefined;
for (const [what, args, left, written] of smallFileRuns) {
  Deno.test(`progress events and SIGINT get through while many small files are ${what}`, async () => {
    const dir = await (smallFiles ??= manySmallFiles());
    const r = await signalOnceRunning(dir, args, /"entriesDone":[1-9]/, "SIGINT");
    assert.equal(r.code, 130, r.seen);
    // it stopped midway, not at the end. How soon after the signal depends on the machine's
    // load (up to a second or two when the tests run in parallel on two cores), so the time
    // is only a guard against a hang; the last progress event (one per 500 ms) was before
    // the end, and an extraction wrote only some of the files.
    const done = [...r.seen.matchAll(/"entriesDone":(\d+)/g)].map((m) => Number(m[1]));
    const entries = COPIES.length * SMALL_FILES;
    assert.ok(Math.max(...done) < entries, `last progress before the end: ${done.at(-1)}`);
    if (written) {
      const n = filesBelow(`${dir}/x`);
      assert.ok(n < entries, `it stopped after ${n} of ${entries} files`);
      // and it says what it left: the files written stay, the one being written is gone
      const said = r.seen.match(/; (\d+) files, (\d+) directories extracted before it stay in x;/);
      assert.ok(said, r.seen.slice(-500));
      assert.equal(Number(said[1]), n);
    }
    assert.ok(r.msToExit < 10_000, `it stopped within ${Math.round(r.msToExit)} ms`);
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name).sort(), left);
  });
}
