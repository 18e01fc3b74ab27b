import assert from "node:assert/strict";
import { UsageError } from "../errors.ts";
import { findConfig, loadConfig, pickJob } from "./load_config.ts";
import { ConfigError } from "./config_error.ts";

function write(text: string): string {
  const dir = Deno.makeTempDirSync();
  Deno.writeTextFileSync(`${dir}/tarz.config.ts`, text);
  return dir;
}

const builtins = { defineConfig: (c: unknown) => c };

Deno.test("findConfig uses --config, else ./tarz.config.ts, else says how to make one", () => {
  const dir = write("export default {}");
  assert.equal(findConfig(undefined, dir), `${dir}/tarz.config.ts`);
  assert.equal(findConfig("tarz.config.ts", dir), `${dir}/tarz.config.ts`);
  const empty = Deno.makeTempDirSync();
  assert.throws(() => findConfig(undefined, empty), (e) => {
    assert.ok(e instanceof UsageError);
    assert.equal(e.message, `No tarz.config.ts in ${empty}`);
    // the library names the remedy; the CLI words it (src/cli/hints.ts)
    assert.equal(e.remedy, "config-init");
    return true;
  });
  assert.throws(() => findConfig("nope.ts", empty), /Cannot read config nope\.ts: no such file/);
});

Deno.test("loadConfig validates and rejects unknown output placeholders", async () => {
  const dir = write(
    `export default { jobs: { a: { sources: ["."], output: "{job}-{dat}.tar" } } };`,
  );
  await assert.rejects(
    () => loadConfig(`${dir}/tarz.config.ts`, builtins),
    (e) =>
      e instanceof ConfigError && /jobs\.a\.output: unknown placeholder \{dat\}/.test(e.message),
  );
});

Deno.test("pickJob takes the only job, or the named one, and lists the jobs otherwise", async () => {
  const one = await loadConfig(
    `${
      write(`export default { jobs: { a: { sources: ["."], output: "a.tar" } } };`)
    }/tarz.config.ts`,
    builtins,
  );
  assert.equal(pickJob(one)[0], "a");
  assert.throws(() => pickJob(one, "b"), /has no job "b"/);
  const two = await loadConfig(
    `${
      write(
        `export default { jobs: { a: { sources: ["."], output: "a" }, b: { sources: ["."], output: "b" } } };`,
      )
    }/tarz.config.ts`,
    builtins,
  );
  assert.throws(
    () => pickJob(two),
    (e) => e instanceof UsageError && e.remedy === "job-name" && e.hint === "its jobs: a, b",
  );
});
