import assert from "node:assert/strict";
import type { LoadedConfig } from "../config/load_config.ts";
import { runBackupJob } from "./run_backup.ts";
import { stateDir } from "./job_files.ts";
import { pruneJob } from "./prune.ts";
import { CancelledError, RunControl } from "../util/run_control.ts";

function setup(): LoadedConfig {
  const dir = Deno.makeTempDirSync();
  Deno.mkdirSync(`${dir}/src`);
  Deno.writeTextFileSync(`${dir}/src/a.txt`, "a");
  return {
    file: `${dir}/tarz.config.ts`,
    dir,
    config: {
      jobs: {
        j: { sources: ["src"], output: "out/{job}-{date}.tar", retention: { keepLast: 2 } },
        broken: { sources: ["nope"], output: "out/{job}.tar" },
      },
    },
  };
}

Deno.test("runBackupJob archives, keeps the newest by policy, and records the status", async () => {
  const loaded = setup();
  const job = loaded.config.jobs.j;
  for (const day of ["01", "02", "03"]) {
    const r = await runBackupJob(loaded, "j", job, {
      now: () => new Date(`2026-01-${day}T03:00:00Z`),
    });
    assert.equal(r.result, "success", r.error ?? "");
  }
  const kept = (await pruneJob(loaded, "j", job, { dryRun: true })).map((d) => d.snapshot.id);
  assert.deepEqual(kept, ["j-2026-01-03.tar", "j-2026-01-02.tar"]);
  const status = JSON.parse(Deno.readTextFileSync(`${stateDir(loaded)}/j.status.json`));
  assert.deepEqual(status.pruned, [`${loaded.dir}/out/j-2026-01-01.tar`]);
});

Deno.test("runBackupJob reports a failure instead of throwing, and leaves no lock", async () => {
  const loaded = setup();
  const r = await runBackupJob(loaded, "broken", loaded.config.jobs.broken);
  assert.equal(r.result, "failed");
  assert.match(r.error!, /Cannot archive nope/);
  assert.deepEqual([...Deno.readDirSync(stateDir(loaded))].map((e) => e.name), [
    "broken.status.json",
  ]);
});

Deno.test("runBackupJob refused by the lock leaves the running job's status file alone", async () => {
  const loaded = setup();
  const state = stateDir(loaded);
  Deno.mkdirSync(state, { recursive: true });
  // this very process holds the lock, as a running backup would
  const held = { pid: Deno.pid, host: Deno.hostname(), started: new Date().toISOString() };
  Deno.writeTextFileSync(`${state}/j.lock`, JSON.stringify(held));
  const running = '{ "job": "j", "result": "running" }\n';
  Deno.writeTextFileSync(`${state}/j.status.json`, running);
  const r = await runBackupJob(loaded, "j", loaded.config.jobs.j);
  assert.equal(r.result, "failed");
  assert.match(r.error!, /already running/);
  assert.equal(Deno.readTextFileSync(`${state}/j.status.json`), running);
});

Deno.test("runBackupJob stopped midway reports the files and bytes it had read", async () => {
  const loaded = setup();
  Deno.writeFileSync(`${loaded.dir}/src/big.bin`, new Uint8Array(4 << 20));
  // cancel at the tenth checkpoint: inside big.bin, after a.txt and some of it were read
  class CancelLater extends RunControl {
    calls = 0;
    override checkpoint(): Promise<void> {
      if (++this.calls === 10) this.cancel("SIGTERM");
      return super.checkpoint();
    }
  }
  await assert.rejects(
    runBackupJob(loaded, "j", loaded.config.jobs.j, { control: new CancelLater() }),
    CancelledError,
  );
  const status = JSON.parse(Deno.readTextFileSync(`${stateDir(loaded)}/j.status.json`));
  assert.match(status.error, /^interrupted: SIGTERM/);
  assert.equal(status.files, 1, "a.txt was archived before the stop");
  assert.ok(status.bytesIn > 1, `bytesIn ${status.bytesIn}`);
});
