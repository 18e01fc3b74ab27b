/**
 * tarz used as a library, in a process of its own: the process must end when the caller's
 * code does, also when the run started worker threads and when it was cancelled midway.
 */
import assert from "node:assert/strict";
import { run } from "./_helpers.ts";

const ROOT = new URL("..", import.meta.url).pathname;

async function runScript(code: string): Promise<{ code: number; stdout: string }> {
  const dir = Deno.makeTempDirSync();
  Deno.writeTextFileSync(`${dir}/script.ts`, code);
  const r = await run([
    "timeout",
    "60",
    Deno.execPath(),
    "run",
    "-A",
    "--config",
    `${ROOT}deno.json`,
    `${dir}/script.ts`,
  ], { cwd: dir });
  return { code: r.code, stdout: r.stdout + r.stderr };
}

Deno.test("a library process exits after createArchive is cancelled among many small files", async () => {
  const r = await runScript(`
    import { CancelledError, createArchive, ProgressState, RunControl } from "${ROOT}mod.ts";
    const src = Deno.makeTempDirSync();
    const data = "x".repeat(1000);
    for (let d = 0; d < 3; d++) {
      Deno.mkdirSync(src + "/d" + d);
      for (let f = 0; f < 1000; f++) Deno.writeTextFileSync(src + "/d" + d + "/f" + f, data);
    }
    const control = new RunControl();
    let chunks = 0;
    const progress = new ProgressState();
    Object.defineProperty(progress, "bytesOut", {
      get: () => 0,
      set: () => { if (++chunks === 2) control.cancel("stop"); },
    });
    try {
      await createArchive({ sources: ["."], cwd: src, output: src + "/../out.tar", control, progress });
      console.log("not cancelled");
    } catch (e) {
      console.log(e instanceof CancelledError ? "cancelled" : String(e));
    }
  `);
  assert.equal(r.code, 0, r.stdout);
  assert.match(r.stdout, /^cancelled$/m);
});

Deno.test("a library process exits after extractArchive wrote files on its second thread", async () => {
  const r = await runScript(`
    import { createArchive, extractArchive } from "${ROOT}mod.ts";
    const src = Deno.makeTempDirSync();
    for (let f = 0; f < 300; f++) Deno.writeTextFileSync(src + "/f" + f, "data " + f);
    await createArchive({ sources: ["."], cwd: src, output: src + ".tar" });
    const s = await extractArchive({ archive: src + ".tar", dest: Deno.makeTempDirSync() });
    console.log("extracted " + s.files);
  `);
  assert.equal(r.code, 0, r.stdout);
  assert.match(r.stdout, /^extracted 300$/m);
});

Deno.test("an AbortSignal cancels createArchive, and plugins are passed as plugin objects", async () => {
  const r = await runScript(`
    import { CancelledError, createArchive, listArchive, ProgressState } from "${ROOT}mod.ts";
    const src = Deno.makeTempDirSync();
    for (let f = 0; f < 2000; f++) Deno.writeTextFileSync(src + "/f" + f, "x".repeat(1000));
    const abort = new AbortController();
    const progress = new ProgressState();
    let chunks = 0;
    Object.defineProperty(progress, "bytesOut", {
      get: () => 0,
      set: () => { if (++chunks === 2) abort.abort("enough"); },
    });
    try {
      await createArchive({ sources: ["."], cwd: src, output: src + ".a.tar", progress, signal: abort.signal });
      console.log("not cancelled");
    } catch (e) {
      console.log(e instanceof CancelledError ? "cancelled: " + e.message : String(e));
    }
    const upper = { name: "upper", transformEntry: (e) => ({ ...e, content: new TextEncoder().encode("X") }) };
    const out = Deno.makeTempDirSync();
    await createArchive({ sources: ["f1"], cwd: src, output: out + "/b.tar", plugins: [upper] });
    const { bytes } = await listArchive(out + "/b.tar");
    console.log("transformed to", bytes, "byte");
  `);
  assert.equal(r.code, 0, r.stdout);
  assert.match(r.stdout, /^cancelled: enough$/m);
  assert.match(r.stdout, /^transformed to 1 byte$/m);
});
