import assert from "node:assert/strict";
import { HookRunner } from "../plugin/hook_runner.ts";
import { ProgressState } from "../progress/progress_state.ts";
import { listArchive } from "../read/list_archive.ts";
import { createArchive, planMode, resolveFormat } from "./create_archive.ts";

function tree(): string {
  const d = Deno.makeTempDirSync();
  Deno.mkdirSync(`${d}/src`);
  Deno.writeTextFileSync(`${d}/src/a.txt`, "a");
  return d;
}

Deno.test("resolveFormat takes --format, else the output name, else asks", () => {
  assert.equal(resolveFormat("x.tgz"), "gzip");
  assert.equal(resolveFormat("x.tar", "zstd"), "zstd");
  assert.throws(() => resolveFormat("-"), /pass --format|Cannot tell/);
});

Deno.test("createArchive runs the plugin lifecycle in order around the run", async () => {
  const d = tree();
  const calls: string[] = [];
  const s = await createArchive({
    sources: ["src"],
    cwd: d,
    output: `${d}/out.tar`,
    job: "j",
    plugins: new HookRunner([{
      name: "trace",
      setup: (ctx) => void calls.push(`setup ${ctx.job}`),
      beforeRun: (job) => void calls.push(`beforeRun ${job.sources}`),
      transformEntry: (e) => void calls.push(`transform ${e.path}`),
      afterArchive: (r) => void calls.push(`after ${r.files} ${[...r.digests.keys()]}`),
      finally: () => void calls.push("finally"),
    }], () => {}),
  });
  assert.equal(s.files, 1);
  assert.deepEqual(calls, [
    "setup j",
    "beforeRun src",
    "transform src",
    "transform src/a.txt",
    "after 1 src/a.txt",
    "finally",
  ]);
});

Deno.test("createArchive ends cleanly when a plugin skips the run, writing nothing", async () => {
  const d = tree();
  const s = await createArchive({
    sources: ["src"],
    cwd: d,
    output: `${d}/out.tar`,
    plugins: new HookRunner([{
      name: "disk",
      policy: "skip-run",
      beforeRun: () => {
        throw new Error("backup disk not mounted");
      },
    }], () => {}),
  });
  assert.equal(
    s.skipped,
    'skipped by plugin "disk": plugin "disk" failed in beforeRun: backup disk not mounted',
  );
  assert.deepEqual([...Deno.readDirSync(d)].map((e) => e.name), ["src"]);
});

Deno.test("createArchive applies transformEntry metadata but never the name", async () => {
  const d = tree();
  await createArchive({
    sources: ["src"],
    cwd: d,
    output: `${d}/out.tar`,
    plugins: new HookRunner([{
      name: "meta",
      transformEntry: () => ({ entry: { mode: 0o600, uid: 42, path: "evil" } as never }),
    }], () => {}),
  });
  const got: string[] = [];
  await listArchive(`${d}/out.tar`, {
    onEntry: (e) => got.push(`${e.path} ${e.mode.toString(8)} ${e.uid}`),
  });
  assert.deepEqual(got, ["src 600 42", "src/a.txt 600 42"]);
});

Deno.test("createArchive writes while the walk still goes on, and ends with full totals", async () => {
  const d = Deno.makeTempDirSync();
  for (let i = 0; i < 6; i++) {
    Deno.mkdirSync(`${d}/src/d${i}`, { recursive: true });
    for (let j = 0; j < 1000; j++) Deno.writeTextFileSync(`${d}/src/d${i}/f${j}`, "x".repeat(300));
  }
  const progress = new ProgressState();
  let scanningAtFirstWrite: boolean | undefined;
  let out = 0;
  Object.defineProperty(progress, "bytesOut", {
    get: () => out,
    set: (v: number) => {
      scanningAtFirstWrite ??= progress.scanning;
      out = v;
    },
  });
  const s = await createArchive({ sources: ["src"], cwd: d, output: `${d}/out.tar`, progress });
  assert.equal(scanningAtFirstWrite, true);
  assert.equal(progress.scanning, false);
  assert.deepEqual([s.files, s.directories], [6000, 7]);
  assert.deepEqual([progress.entriesTotal, progress.bytesTotal], [6007, 6000 * 300]);
  assert.equal(progress.entriesDone, 6007);
  const names: string[] = [];
  await listArchive(`${d}/out.tar`, { onEntry: (e) => names.push(e.path) });
  assert.equal(names.length, 6007);
  assert.deepEqual(names.slice(0, 3), ["src", "src/d0", "src/d0/f0"]);
});

Deno.test("createArchive gives an adjustPlan the whole plan, with the paths left out", async () => {
  const d = tree();
  new Deno.Command("mkfifo", { args: [`${d}/src/pipe`] }).outputSync();
  let seen: [number, string[]] | undefined;
  const warnings: string[] = [];
  await createArchive({
    sources: ["src"],
    cwd: d,
    output: `${d}/out.tar`,
    adjustPlan: (plan) => void (seen = [plan.entries.length, [...plan.warnings]]),
    onWarning: (w) => warnings.push(w),
  });
  assert.deepEqual(seen, [2, ["src/pipe: fifo skipped (use --special-files to keep it)"]]);
  assert.deepEqual(warnings, ["src/pipe: fifo skipped (use --special-files to keep it)"]);
});

Deno.test("createArchive counts what is in the archive: a file that vanished is not counted", async () => {
  const d = tree();
  Deno.writeTextFileSync(`${d}/src/gone.txt`, "soon gone");
  Deno.writeFileSync(`${d}/src/gone-big.bin`, new Uint8Array(1 << 20));
  const warnings: string[] = [];
  const s = await createArchive({
    sources: ["src"],
    cwd: d,
    output: `${d}/out.tar`,
    // planned, then removed before the encoder reads them
    adjustPlan: () => {
      Deno.removeSync(`${d}/src/gone.txt`);
      Deno.removeSync(`${d}/src/gone-big.bin`);
    },
    onWarning: (w) => warnings.push(w),
  });
  assert.equal(warnings.length, 2, warnings.join("\n"));
  let listed = 0;
  await listArchive(`${d}/out.tar`, { onEntry: (e) => void (e.type === "file" && listed++) });
  assert.equal(s.files, listed);
  assert.equal(s.files, 1);
  assert.equal(s.bytesIn, 1);
});

Deno.test("planMode streams a listing (-v) and holds the whole plan only when it must", () => {
  const base = { sources: ["."], output: "x.tar.gz" };
  assert.equal(planMode({ ...base, onEntry: () => {} }, "gzip"), "stream");
  assert.equal(planMode(base, "zstd"), "stream");
  assert.equal(planMode({ ...base, dryRun: true }, "gzip"), "whole");
  assert.equal(planMode({ ...base, adjustPlan: () => {} }, "gzip"), "whole");
  assert.equal(planMode(base, "brotli"), "whole", "brotli is told the input size");
});

Deno.test("createArchive says why the base directory can't be used, keeping the cause", async () => {
  const d = Deno.makeTempDirSync();
  Deno.writeTextFileSync(`${d}/file`, "x");
  const attempt = (cwd: string) =>
    createArchive({ sources: ["."], cwd, output: `${d}/out.tar` }).then(() => null, (e) => e);
  const missing = await attempt(`${d}/nope`);
  assert.equal(missing.message, `Cannot change to ${d}/nope: no such directory`);
  assert.ok(missing.cause instanceof Deno.errors.NotFound);
  assert.equal(missing.remedy, "base-directory");
  assert.equal((await attempt(`${d}/file`)).message, `Cannot change to ${d}/file: not a directory`);
});
