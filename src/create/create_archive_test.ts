import assert from "node:assert/strict";
import { HookRunner } from "../plugin/hook_runner.ts";
import { listArchive } from "../read/list_archive.ts";
import { createArchive, resolveFormat } from "./create_archive.ts";

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
  await listArchive(`${d}/out.tar`, (e) => got.push(`${e.path} ${e.mode.toString(8)} ${e.uid}`));
  assert.deepEqual(got, ["src 600 42", "src/a.txt 600 42"]);
});
