import assert from "node:assert/strict";
import type { LoadedConfig } from "../config/load_config.ts";
import { retentionFor, runBackupJob, stateDir } from "./run_backup.ts";

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
  const kept = retentionFor(loaded, "j", job).map((d) => d.snapshot.id);
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
