import assert from "node:assert/strict";
import { makeEntry } from "../tar/entry.ts";
import { flattenPlugins, HookRunner, PluginError, RunSkipped } from "./hook_runner.ts";
import type { PluginEntry, TarzPlugin } from "./plugin.ts";

const entry = (path: string): PluginEntry => ({
  path,
  fsPath: `/src/${path}`,
  entry: makeEntry({ path, type: "file", size: 3 }),
});
const job = { name: "j", sources: ["."], cwd: "/", output: "o.tar", dryRun: false };

Deno.test("flattenPlugins drops falsy values, flattens nested arrays and checks shapes", () => {
  const a = { name: "a" };
  const b = { name: "b" };
  assert.deepEqual(flattenPlugins([a, false, null, [undefined, [b]], 0, ""]), [a, b]);
  assert.throws(() => flattenPlugins([{} as TarzPlugin]), /plugins\[0\] has no name/);
  assert.throws(
    () => flattenPlugins([{ name: "x", setup: 1 } as unknown as TarzPlugin]),
    /plugin "x": setup must be a function/,
  );
  assert.throws(
    () => flattenPlugins([{ name: "x", enforce: "first" } as unknown as TarzPlugin]),
    /enforce must be "pre" or "post"/,
  );
});

Deno.test("HookRunner orders pre, normal, post and keeps the given order within each", async () => {
  const seen: string[] = [];
  const p = (name: string, enforce?: "pre" | "post"): TarzPlugin => ({
    name,
    enforce,
    setup: () => void seen.push(name),
  });
  const runner = new HookRunner([p("n1"), p("post", "post"), p("n2"), p("pre", "pre")], () => {});
  await runner.setup({ job: "j", cwd: "/", output: "o", warn: () => {} });
  assert.deepEqual(seen, ["pre", "n1", "n2", "post"]);
});

Deno.test("filterEntry: the first answer that is not undefined decides", () => {
  const runner = new HookRunner([
    { name: "quiet", filterEntry: () => undefined },
    {
      name: "first",
      filterEntry: (
        e,
      ) => (e.path.endsWith(".log") ? { include: false, reason: "logs" } : undefined),
    },
    { name: "second", filterEntry: () => true },
  ], () => {});
  assert.deepEqual(runner.filterEntry(entry("a.log")), {
    include: false,
    reason: "plugin first: logs",
  });
  assert.deepEqual(runner.filterEntry(entry("a.txt")), { include: true, reason: "plugin second" });
});

Deno.test("filterEntry must answer synchronously", () => {
  const runner = new HookRunner([
    {
      name: "slow",
      filterEntry: (() => Promise.resolve(true)) as unknown as TarzPlugin["filterEntry"],
    },
  ], () => {});
  assert.throws(() => runner.filterEntry(entry("a")), /synchronously/);
});

Deno.test("transformEntry is a chain: each plugin sees what the one before produced", async () => {
  const runner = new HookRunner([
    { name: "redact", transformEntry: () => ({ content: new TextEncoder().encode("[redacted]") }) },
    {
      name: "mode",
      transformEntry: (e) => ({ entry: { mode: e.entry.size === 10 ? 0o600 : 0o777 } }),
    },
  ], () => {});
  const r = await runner.transformEntry(entry("secret.env"));
  assert.equal(r.entry.entry.size, 10);
  assert.equal(r.entry.entry.mode, 0o600);
  assert.equal(new TextDecoder().decode(r.content), "[redacted]");
});

Deno.test("afterArchive runs in parallel; beforeRun can abort the run", async () => {
  let running = 0;
  let most = 0;
  const slow = (name: string): TarzPlugin => ({
    name,
    afterArchive: async () => {
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, 20));
      running--;
    },
  });
  const runner = new HookRunner([slow("a"), slow("b")], () => {});
  await runner.afterArchive({
    job: "j",
    output: "o",
    format: "tar",
    files: 0,
    bytesIn: 0,
    bytesOut: 0,
    elapsedMs: 0,
    warnings: [],
    digests: new Map(),
  });
  assert.equal(most, 2);
  const aborting = new HookRunner(
    [{ name: "guard", beforeRun: () => ({ abort: "disk missing" }) }],
    () => {},
  );
  await assert.rejects(
    aborting.beforeRun(job),
    (e) => e instanceof RunSkipped && e.message === 'skipped by plugin "guard": disk missing',
  );
});

Deno.test("a failure names plugin, hook and entry, and follows the plugin's policy", async () => {
  const boom = (policy?: TarzPlugin["policy"]): TarzPlugin => ({
    name: "boom",
    policy,
    transformEntry: () => {
      throw new Error("kaput");
    },
  });
  await assert.rejects(
    new HookRunner([boom()], () => {}).transformEntry(entry("a.txt")),
    (e) =>
      e instanceof PluginError &&
      e.message === 'plugin "boom" failed in transformEntry for a.txt: kaput',
  );
  const warnings: string[] = [];
  await new HookRunner([boom("optional")], (m) => warnings.push(m)).transformEntry(entry("a.txt"));
  assert.deepEqual(warnings, ['plugin "boom" failed in transformEntry for a.txt: kaput']);
  await assert.rejects(
    new HookRunner([boom("skip-run")], () => {}).transformEntry(entry("a.txt")),
    RunSkipped,
  );
});

Deno.test("onError and finally reach every plugin; their own failures only warn", async () => {
  const warnings: string[] = [];
  const heard: string[] = [];
  const runner = new HookRunner([
    {
      name: "a",
      onError: (e) => void heard.push(`a:${e.message}`),
      finally: () => {
        throw new Error("x");
      },
    },
    {
      name: "b",
      onError: () => {
        throw new Error("y");
      },
      finally: () => void heard.push("b:finally"),
    },
  ], (m) => warnings.push(m));
  await runner.onError(new Error("disk full"));
  await runner.finally();
  assert.deepEqual(heard, ["a:disk full", "b:finally"]);
  assert.deepEqual(warnings, [
    'plugin "b" failed in onError: y',
    'plugin "a" failed in finally: x',
  ]);
});
