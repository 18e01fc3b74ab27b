/**
 * `tarz backup` and `tarz prune` end to end: archives with manifests, status and
 * Prometheus files, retention on real archives with a fake clock (TARZ_NOW), locking
 * between two processes, stale locks, --verify, verify --job, and every exit code.
 */
import assert from "node:assert/strict";
import { fileAppears, run, tarz, tempDir } from "./_helpers.ts";

function project(config: string): string {
  const d = tempDir();
  Deno.mkdirSync(`${d}/data/sub`, { recursive: true });
  Deno.writeTextFileSync(`${d}/data/a.txt`, "alpha\n");
  Deno.writeTextFileSync(`${d}/data/sub/b.txt`, "bravo\n");
  Deno.writeTextFileSync(`${d}/tarz.config.ts`, config);
  return d;
}

const RETAINED = `import { defineConfig } from "tarz";
export default defineConfig({
  jobs: {
    data: {
      sources: ["data"],
      output: "backups/{job}-{date}.tar.zst",
      retention: { keepDaily: 2, keepWeekly: 1 },
    },
  },
});`;

Deno.test("backup writes the archive, its manifest, a status file and a Prometheus file", async () => {
  const d = project(RETAINED);
  const r = await tarz(["backup", "--json", "--verify", "--prometheus", "m.prom"], {
    cwd: d,
    env: { TARZ_NOW: "2026-03-04T03:00:00Z" },
  });
  assert.equal(r.code, 0, r.stderr);
  const { jobs: [report] } = JSON.parse(r.stdout);
  assert.equal(report.result, "success");
  assert.equal(report.archive, `${d}/backups/data-2026-03-04.tar.zst`);
  assert.equal(report.files, 2);
  assert.equal(report.verified, true);
  const status = JSON.parse(Deno.readTextFileSync(`${d}/.tarz-state/data.status.json`));
  assert.equal(status.result, "success");
  assert.ok(Deno.statSync(`${report.archive}.manifest.json`).isFile);
  const prom = Deno.readTextFileSync(`${d}/m.prom`);
  assert.match(prom, /^tarz_backup_success\{job="data"\} 1$/m);
  assert.match(prom, /^tarz_backup_files\{job="data"\} 2$/m);
  const v = await tarz(["verify", "--job", "data", "--against-sources"], { cwd: d });
  assert.equal(v.code, 0, v.stderr);
});

Deno.test("retention keeps what restic would, explains it, and prunes only the job's archives", async () => {
  const d = project(RETAINED);
  Deno.mkdirSync(`${d}/backups`);
  // a week of older archives (real ones) and files retention must never touch
  for (const day of ["02-24", "02-25", "02-26", "02-27", "02-28", "03-01", "03-02"]) {
    const r = await tarz(["backup"], { cwd: d, env: { TARZ_NOW: `2026-${day}T03:00:00Z` } });
    assert.equal(r.code, 0, r.stderr);
  }
  Deno.writeTextFileSync(`${d}/backups/notes.txt`, "mine");
  Deno.writeTextFileSync(`${d}/backups/other-2026-01-01.tar.zst`, "not this job");
  const dry = await tarz(["prune", "--dry-run"], {
    cwd: d,
    env: { TARZ_NOW: "2026-03-03T03:00:00Z" },
  });
  assert.equal(dry.code, 0, dry.stderr);
  // the last backup above already pruned down to 2 daily + 1 weekly
  assert.equal(
    dry.stdout,
    "data  data-2026-03-02.tar.zst  keep (daily #1, weekly #1)\n" +
      "data  data-2026-03-01.tar.zst  keep (daily #2)\n" +
      "data  other-2026-01-01.tar.zst  not considered: an archive whose name does not match " +
      "the output template {job}-{date}.tar.zst\n",
  );
  Deno.copyFileSync(`${d}/backups/data-2026-03-01.tar.zst`, `${d}/backups/data-2026-02-20.tar.zst`);
  const again = await tarz(["prune", "-n"], { cwd: d, env: { TARZ_NOW: "2026-03-03T03:00:00Z" } });
  assert.match(again.stdout, /^data {2}data-2026-02-20\.tar\.zst {2}remove$/m);
  assert.ok(
    Deno.statSync(`${d}/backups/data-2026-02-20.tar.zst`).isFile,
    "dry run removes nothing",
  );
  const real = await tarz(["prune", "data"], { cwd: d });
  assert.equal(real.code, 0, real.stderr);
  const left = [...Deno.readDirSync(`${d}/backups`)].map((e) => e.name).sort();
  assert.deepEqual(left, [
    "data-2026-03-01.tar.zst",
    "data-2026-03-01.tar.zst.manifest.json",
    "data-2026-03-02.tar.zst",
    "data-2026-03-02.tar.zst.manifest.json",
    "notes.txt",
    "other-2026-01-01.tar.zst",
  ]);
});

Deno.test("a second backup on one day gets its own archive, and retention orders the runs", async () => {
  const d = project(`export default {
  jobs: { data: { sources: ["data"], output: "b/{job}-{date}.tar", retention: { keepLast: 2 } } },
};`);
  for (const hour of ["01", "02", "03"]) {
    const r = await tarz(["backup"], { cwd: d, env: { TARZ_NOW: `2026-03-04T${hour}:00:00Z` } });
    assert.equal(r.code, 0, r.stderr);
  }
  // the third run pruned the first: the runs of one day keep their order
  assert.deepEqual([...Deno.readDirSync(`${d}/b`)].map((e) => e.name).sort(), [
    "data-2026-03-04+2.tar",
    "data-2026-03-04+2.tar.manifest.json",
    "data-2026-03-04+3.tar",
    "data-2026-03-04+3.tar.manifest.json",
  ]);
});

Deno.test("prune names the archives a changed template leaves out, and stray files", async () => {
  const d = project(`export default {
  jobs: { data: { sources: ["data"], output: "b/{job}-{date}T{time}.tar", retention: { keepLast: 1 } } },
};`);
  Deno.mkdirSync(`${d}/b`);
  for (
    const n of [
      "data-2026-03-01.tar",
      "data-2026-03-02T010000.tar.manifest.json",
      ".x.tarz-ab12cd34.partial",
      "notes.txt",
    ]
  ) {
    Deno.writeTextFileSync(`${d}/b/${n}`, "");
  }
  const r = await tarz(["backup"], { cwd: d, env: { TARZ_NOW: "2026-03-04T01:00:00Z" } });
  assert.equal(r.code, 0, r.stderr);
  const dry = await tarz(["prune", "-n"], { cwd: d, env: { TARZ_NOW: "2026-03-04T01:00:00Z" } });
  assert.equal(dry.code, 0, dry.stderr);
  assert.equal(
    dry.stdout,
    "data  data-2026-03-04T010000.tar  keep (last #1)\n" +
      "data  .x.tarz-ab12cd34.partial  not considered: a temporary file of a write that is running or was killed\n" +
      "data  data-2026-03-01.tar  not considered: an archive whose name does not match the output template {job}-{date}T{time}.tar\n" +
      "data  data-2026-03-02T010000.tar.manifest.json  not considered: a manifest whose archive is gone\n",
  );
});

Deno.test("a second run of the same job exits 1 while the first holds the lock", async () => {
  const d = project(`import { command, defineConfig } from "tarz";
export default defineConfig({
  jobs: { slow: { sources: ["data"], output: "b/{job}-{time}.tar", plugins: [command({ before: "touch running; read x < go" })] } },
});`);
  // the first run holds the lock inside its hook until the test writes to the FIFO
  await run(["mkfifo", `${d}/go`]);
  const first = tarz(["backup"], { cwd: d });
  await fileAppears(`${d}/running`);
  const second = await tarz(["backup"], { cwd: d });
  await Deno.writeTextFile(`${d}/go`, "go\n");
  assert.equal(second.code, 1);
  assert.match(second.stderr, /^slow: failed: Job "slow" is already running \(pid \d+ on /);
  assert.equal((await first).code, 0);
});

Deno.test("a stale lock of a dead process is taken over, with a warning printed (exit 3)", async () => {
  const d = project(`export default { jobs: { j: { sources: ["data"], output: "{job}.tar" } } };`);
  Deno.mkdirSync(`${d}/.tarz-state`);
  Deno.writeTextFileSync(
    `${d}/.tarz-state/j.lock`,
    JSON.stringify({ pid: 2 ** 22 + 7, host: Deno.hostname(), started: "2026-01-01T00:00:00Z" }),
  );
  const r = await tarz(["backup", "j"], { cwd: d });
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, /j: partial, .*; 1 warning/);
  // the warning itself is printed, as create prints its own, not only kept in status.json
  assert.match(r.stderr, /^tarz: warning: j: took over a stale lock of pid 4194311$/m);
  assert.throws(() => Deno.statSync(`${d}/.tarz-state/j.lock`), "the lock is released");
});

Deno.test("backup exits 1 when a job fails, and says which and why", async () => {
  const d = project(`export default { jobs: {
  good: { sources: ["data"], output: "{job}.tar" },
  bad: { sources: ["missing"], output: "{job}.tar" },
} };`);
  const r = await tarz(["backup"], { cwd: d });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^good: success, 2 files/m);
  assert.match(r.stderr, /^bad: failed: Cannot archive missing: no such file or directory$/m);
  const status = JSON.parse(Deno.readTextFileSync(`${d}/.tarz-state/bad.status.json`));
  assert.equal(status.result, "failed");
  const unknown = await tarz(["backup", "nope"], { cwd: d });
  assert.equal(unknown.code, 2);
});

Deno.test("daemon runs a job on a seconds schedule twice, one line per run, then stops", async () => {
  const d = project(`export default { jobs: { tick: {
  sources: ["data"], output: "b/{job}-{time}.tar", schedule: "*/2 * * * * *",
} } };`);
  const r = await tarz(["daemon", "--runs", "2"], { cwd: d });
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split("\n");
  assert.equal(lines.length, 2);
  for (const l of lines) {
    assert.match(l, /^\S+Z tick success \S+\/b\/tick-\d{6}\.tar 2 files \d+ bytes \d+ ms$/);
  }
  assert.equal([...Deno.readDirSync(`${d}/b`)].filter((e) => e.name.endsWith(".tar")).length, 2);
});

Deno.test("schedule list and install show run times, timers and cron lines", async () => {
  const d = project(`export default { jobs: {
  nightly: { sources: ["data"], output: "{job}.tar", schedule: "30 2 * * *", timezone: "UTC" },
  adhoc: { sources: ["data"], output: "x.tar" },
} };`);
  const list = await tarz(["schedule", "list", "-n", "2"], { cwd: d });
  assert.equal(list.code, 0, list.stderr);
  assert.match(
    list.stdout,
    /^nightly {2}30 2 \* \* \* \(UTC\)\n {2}\S+ 02:30 UTC \(in \d+ (min|h)\)\n {2}\S+ 02:30 UTC \(in \d+ h\)\n$/,
  );
  const systemd = await tarz(["schedule", "install", "--systemd"], { cwd: d });
  assert.match(systemd.stdout, /^OnCalendar=\*-\*-\* 02:30:00 UTC$/m);
  assert.match(systemd.stdout, /^ExecStart=.* backup nightly --config .*tarz\.config\.ts$/m);
  const cron = await tarz(["schedule", "install", "--cron"], { cwd: d });
  assert.match(cron.stdout, /^30 2 \* \* \* .* backup nightly --config /m);
  const neither = await tarz(["schedule", "install"], { cwd: d });
  assert.equal(neither.code, 2);
});

Deno.test("a bad schedule is a config error naming the job", async () => {
  const d = project(
    `export default { jobs: { j: { sources: ["data"], output: "o.tar", schedule: "nightly" } } };`,
  );
  const r = await tarz(["schedule", "list"], { cwd: d });
  assert.equal(r.code, 2);
  assert.match(
    r.stderr,
    /tarz\.config\.ts: jobs\.j\.schedule: invalid cron expression "nightly": exactly five/,
  );
  assert.match(r.stderr, /hint: use cron syntax, e\.g\. "0 3 \* \* \*"/);
  Deno.writeTextFileSync(
    `${d}/tarz.config.ts`,
    `export default { jobs: { j: { sources: ["data"], output: "o.tar", schedule: "daily 03:00" } } };`,
  );
  const iso = await tarz(["schedule", "list"], { cwd: d });
  assert.equal(iso.code, 2);
  assert.match(iso.stderr, /invalid cron expression "daily 03:00": it is not cron syntax/);
  assert.doesNotMatch(iso.stderr, /ISO8601/);
});

Deno.test("schedule install quotes a hostile config path, so cron runs the job and nothing else", async () => {
  const parent = tempDir();
  const d = `${parent}/evil dir;touch PWNED;#`;
  Deno.mkdirSync(`${d}/data`, { recursive: true });
  Deno.writeTextFileSync(`${d}/data/a.txt`, "a");
  Deno.writeTextFileSync(
    `${d}/tarz.config.ts`,
    `export default { jobs: { j: { sources: ["data"], output: "out/{job}.tar", schedule: "0 3 * * *", timezone: "Europe/Berlin" } } };`,
  );
  const cron = await tarz(["schedule", "install", "--cron"], { cwd: d });
  assert.equal(cron.code, 0, cron.stderr);
  const line = cron.stdout.split("\n").find((l) => l.startsWith("0 3 * * * "))!;
  // what cron would run, through sh, from another directory
  const ran = await run(["sh", "-c", line.slice("0 3 * * * ".length)], { cwd: parent });
  assert.equal(ran.code, 0, ran.stderr);
  assert.ok(Deno.statSync(`${d}/out/j.tar`).isFile);
  assert.deepEqual([...Deno.readDirSync(parent)].map((e) => e.name), ["evil dir;touch PWNED;#"]);
  const systemd = await tarz(["schedule", "install", "--systemd"], { cwd: d });
  assert.match(
    systemd.stdout,
    /^ExecStart=.* backup j --config ".*\/evil dir;touch PWNED;#\/tarz\.config\.ts"$/m,
  );
  assert.match(systemd.stderr, /^The jobs will run: /m);
  const bad = `${d}/tarz.config.ts`;
  Deno.writeTextFileSync(
    bad,
    Deno.readTextFileSync(bad).replace("Europe/Berlin", "Europe/Berlin\\n* * * * * touch PWNED"),
  );
  const tz = await tarz(["schedule", "install", "--cron"], { cwd: d });
  assert.equal(tz.code, 2);
  assert.match(tz.stderr, /is not an IANA time zone/);
});

Deno.test("SIGTERM stops a backup with exit 130, no partial archive and no lock left", async () => {
  const d = project(`import { command, defineConfig } from "tarz";
export default defineConfig({
  jobs: { slow: { sources: ["data"], output: "b/{job}.tar", plugins: [command({ before: "touch running; read x < go" })] } },
});`);
  await run(["mkfifo", `${d}/go`]);
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("../main.ts", import.meta.url).pathname, "backup"],
    cwd: d,
    stdout: "null",
    stderr: "piped",
  }).spawn();
  await fileAppears(`${d}/running`); // the job holds its lock, inside its hook
  child.kill("SIGTERM");
  await Deno.writeTextFile(`${d}/go`, "go\n");
  const out = await child.output();
  assert.equal(out.code, 130, new TextDecoder().decode(out.stderr));
  assert.deepEqual([...Deno.readDirSync(`${d}/b`)], []);
  assert.deepEqual([...Deno.readDirSync(`${d}/.tarz-state`)].map((e) => e.name), [
    "slow.status.json",
  ]);
  const status = JSON.parse(Deno.readTextFileSync(`${d}/.tarz-state/slow.status.json`));
  assert.match(status.error, /^interrupted/);
});
