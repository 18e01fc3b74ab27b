import assert from "node:assert/strict";
import { jobOptions, jobRules } from "./job_options.ts";
import type { LoadedConfig } from "./load_config.ts";

const loaded: LoadedConfig = {
  file: "/etc/tarz/tarz.config.ts",
  dir: "/etc/tarz",
  config: {
    defaults: { format: "zstd", level: 5, threads: 2 },
    jobs: {},
  },
};

Deno.test("jobOptions resolves paths against the config, fills the template, applies defaults", () => {
  const o = jobOptions(
    loaded,
    "home",
    { sources: ["docs"], output: "../backups/{job}-{date}.tar.zst", cwd: "/home/me", level: 9 },
    {},
    () => {},
    new Date("2026-11-25T03:00:00Z"),
  );
  assert.equal(o.cwd, "/home/me");
  assert.equal(o.output, "/etc/backups/home-2026-11-25.tar.zst");
  assert.deepEqual(o.sources, ["docs"]);
  assert.equal(o.format, "zstd");
  assert.equal(o.level, 9, "the job's level wins over the default");
  assert.equal(o.threads, 2);
  assert.equal(o.job, "home");
});

Deno.test("jobOptions lets command-line values win", () => {
  const o = jobOptions(
    loaded,
    "home",
    { sources: ["docs"], output: "x.tar.zst" },
    { level: 1, output: "/tmp/y.tar.gz", format: "gzip", sources: ["other"], dryRun: true },
    () => {},
  );
  assert.deepEqual([o.level, o.output, o.format, o.sources, o.dryRun], [
    1,
    "/tmp/y.tar.gz",
    "gzip",
    ["other"],
    true,
  ]);
});

Deno.test("jobRules puts include after exclude so it wins, and names each rule's key", () => {
  const rules = jobRules(
    { sources: ["."], output: "o", exclude: ["*.log"], include: ["keep.log"], excludeVcs: true },
    "home",
    "/",
  );
  assert.deepEqual(rules.decide("keep.log", false), {
    included: true,
    rule: { pattern: "!keep.log", origin: "jobs.home.include[0]" },
  });
  assert.equal(rules.decide("a.log", false).rule?.origin, "jobs.home.exclude[0]");
  assert.equal(rules.decide("sub/.git", true).rule?.origin, "jobs.home.excludeVcs");
});
