/**
 * `tarz status` against a set of status files and archives made by hand: a healthy job, a
 * stale one, one whose newest archive shrank, and one whose last run failed. Golden output,
 * the JSON, and the exit codes monitoring relies on.
 */
import assert from "node:assert/strict";
import { tarz, tempDir } from "./_helpers.ts";

const NOW = "2026-12-10T12:00:00Z";

function report(job: string, result: string, finished: string, error: string | null = null) {
  return JSON.stringify({
    job,
    result,
    started: finished,
    finished,
    durationMs: 1000,
    archive: null,
    files: 1,
    bytesIn: 1,
    bytesOut: 1,
    warnings: [],
    error,
    pruned: [],
    verified: null,
  });
}

function setup(jobs: string[]): string {
  const d = tempDir();
  Deno.mkdirSync(`${d}/out`);
  Deno.mkdirSync(`${d}/.tarz-state`);
  const daily = `schedule: "0 3 * * *", timezone: "UTC"`;
  const config = {
    ok: `{ sources: ["."], output: "out/ok-{date}.tar.zst", ${daily} }`,
    stale: `{ sources: ["."], output: "out/stale-{date}.tar.zst", ${daily} }`,
    shrink: `{ sources: ["."], output: "out/shrink-{date}.tar.zst" }`,
    failing: `{ sources: ["."], output: "out/failing-{date}.tar.zst", ${daily} }`,
  } as Record<string, string>;
  Deno.writeTextFileSync(
    `${d}/tarz.config.ts`,
    `export default { jobs: { ${jobs.map((j) => `${j}: ${config[j]}`).join(", ")} } };`,
  );
  const archive = (name: string, size: number) =>
    Deno.writeFileSync(`${d}/out/${name}`, new Uint8Array(size));
  archive("ok-2026-12-09.tar.zst", 2048);
  archive("ok-2026-12-10.tar.zst", 3072);
  archive("stale-2026-12-04.tar.zst", 1024);
  archive("shrink-2026-12-08.tar.zst", 4096);
  archive("shrink-2026-12-09.tar.zst", 4096);
  archive("shrink-2026-12-10.tar.zst", 1024);
  archive("failing-2026-12-09.tar.zst", 1024);
  const state = (job: string, text: string) =>
    Deno.writeTextFileSync(`${d}/.tarz-state/${job}.status.json`, text);
  state("ok", report("ok", "success", "2026-12-10T03:00:10Z"));
  state("stale", report("stale", "success", "2026-12-04T03:00:10Z"));
  state("shrink", report("shrink", "partial", "2026-12-10T03:00:10Z"));
  state(
    "failing",
    report("failing", "failed", "2026-12-10T03:00:10Z", "Cannot read /data: permission denied"),
  );
  return d;
}

Deno.test("tarz status shows each job on one line, and what is wrong with it below", async () => {
  const d = setup(["ok", "stale", "shrink", "failing"]);
  const r = await tarz(["status"], { cwd: d, env: { TARZ_NOW: NOW } });
  assert.equal(r.code, 1, r.stderr);
  assert.equal(
    r.stdout,
    [
      "ok       success  9 h ago  2 archives, 5.00 KiB  newest 3.00 KiB  ▆█   next 2026-12-11 03:00 UTC (in 15 h)",
      "stale    success  6 d ago  1 archive, 1.00 KiB   newest 1.00 KiB  █    next 2026-12-11 03:00 UTC (in 15 h)",
      "  ! no archive for 7 d, over twice the schedule's 24 h",
      "shrink   partial  9 h ago  3 archives, 9.00 KiB  newest 1.00 KiB  ██▂  no schedule",
      "  ! the newest archive (1.00 KiB) is under half the one before (4.00 KiB)",
      "failing  failed   9 h ago  1 archive, 1.00 KiB   newest 1.00 KiB  █    next 2026-12-11 03:00 UTC (in 15 h)",
      "  ! the last run failed: Cannot read /data: permission denied",
      "",
    ].join("\n"),
  );
});

Deno.test("tarz status exits 0 when all is well, 3 when an archive only shrank, 1 when stale", async () => {
  assert.equal((await tarz(["status"], { cwd: setup(["ok"]), env: { TARZ_NOW: NOW } })).code, 0);
  assert.equal(
    (await tarz(["status"], { cwd: setup(["ok", "shrink"]), env: { TARZ_NOW: NOW } })).code,
    3,
  );
  assert.equal(
    (await tarz(["status", "stale"], { cwd: setup(["ok", "stale"]), env: { TARZ_NOW: NOW } })).code,
    1,
  );
});

Deno.test("tarz status --json gives the same picture, sizes and problems included", async () => {
  const r = await tarz(["status", "shrink", "--json"], {
    cwd: setup(["shrink"]),
    env: { TARZ_NOW: NOW },
  });
  assert.equal(r.code, 3);
  const [s] = JSON.parse(r.stdout).jobs;
  assert.deepEqual(
    [
      s.job,
      s.result,
      s.archives,
      s.totalBytes,
      s.newestBytes,
      s.sizes,
      s.shrank,
      s.stale,
      s.failing,
    ],
    ["shrink", "partial", 3, 9216, 1024, [4096, 4096, 1024], true, false, false],
  );
  assert.equal(s.lastSuccess, "2026-12-10T00:00:00.000Z");
});

Deno.test("tarz status names a job the config lacks, and a TARZ_NOW that is no time, as backup does", async () => {
  const d = setup(["ok"]);
  const missing = await tarz(["status", "nope"], { cwd: d, env: { TARZ_NOW: NOW } });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /has no job "nope"\nhint: its jobs: ok\n$/);
  const badClock = await tarz(["status"], { cwd: d, env: { TARZ_NOW: "soon" } });
  assert.equal(badClock.code, 2);
  assert.match(badClock.stderr, /TARZ_NOW is not a time: "soon"\nhint: use ISO 8601/);
});
