import assert from "node:assert/strict";
import { createArchive } from "../src/create/create_archive.ts";
import { HookRunner } from "../src/plugin/hook_runner.ts";
import { notify } from "./notify.ts";

/** A real HTTP server on 127.0.0.1 that records what it receives. */
function monitor() {
  const got: { path: string; body: string }[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    got.push({ path: new URL(req.url).pathname, body: await req.text() });
    return new Response("OK");
  });
  const url = `http://127.0.0.1:${server.addr.port}`;
  return { got, url, close: () => server.shutdown() };
}

function tree(): string {
  const d = Deno.makeTempDirSync();
  Deno.mkdirSync(`${d}/src`);
  Deno.writeTextFileSync(`${d}/src/a.txt`, "a");
  return d;
}

Deno.test("notify() posts start and success events as JSON to a webhook", async () => {
  const m = monitor();
  try {
    const d = tree();
    await createArchive({
      sources: ["src"],
      cwd: d,
      output: `${d}/out.tar`,
      job: "home",
      plugins: new HookRunner([notify({ url: `${m.url}/hook` })], () => {}),
    });
    assert.deepEqual(m.got.map((g) => [g.path, JSON.parse(g.body).event]), [
      ["/hook", "start"],
      ["/hook", "success"],
    ]);
    const success = JSON.parse(m.got[1].body);
    assert.equal(success.job, "home");
    assert.equal(success.files, 1);
  } finally {
    await m.close();
  }
});

Deno.test("notify() pings Healthchecks-style URLs, and only on failure when asked", async () => {
  const m = monitor();
  try {
    const d = tree();
    const plugins = () =>
      new HookRunner([
        notify({ url: `${m.url}/ping/abc`, style: "healthchecks", on: ["failure"] }),
      ], () => {});
    await createArchive({ sources: ["src"], cwd: d, output: `${d}/ok.tar`, plugins: plugins() });
    assert.equal(m.got.length, 0, "no ping on success when only failures are asked for");
    await assert.rejects(
      createArchive({ sources: ["missing"], cwd: d, output: `${d}/bad.tar`, plugins: plugins() }),
    );
    assert.deepEqual(m.got.map((g) => g.path), ["/ping/abc/fail"]);
    assert.match(JSON.parse(m.got[0].body).error, /missing/);
  } finally {
    await m.close();
  }
});

Deno.test("notify() only warns when the monitor cannot be reached", async () => {
  const d = tree();
  const warnings: string[] = [];
  const s = await createArchive({
    sources: ["src"],
    cwd: d,
    output: `${d}/out.tar`,
    plugins: new HookRunner(
      [notify({ url: "http://127.0.0.1:9/nothing", timeoutMs: 2000 })],
      () => {},
    ),
    onWarning: (w) => warnings.push(w),
  });
  assert.equal(s.files, 1);
  assert.ok(s.warnings.some((w) => w.startsWith('plugin "notify" failed in beforeRun')));
  assert.ok(s.warnings.some((w) => w.startsWith('plugin "notify" failed in afterArchive')));
});
