import assert from "node:assert/strict";
import type { LoadedConfig } from "../config/load_config.ts";
import { restoreJob } from "./restore.ts";
import { runBackupJob, stateDir } from "./run_backup.ts";

function setup(incremental: boolean): LoadedConfig {
  const dir = Deno.makeTempDirSync();
  Deno.mkdirSync(`${dir}/src`);
  Deno.writeTextFileSync(`${dir}/src/a.txt`, "one");
  return {
    file: `${dir}/tarz.config.ts`,
    dir,
    config: {
      jobs: {
        j: {
          sources: ["src"],
          output: "out/{job}-{date}.tar",
          ...(incremental ? { incremental: { fullEvery: 3 } } : {}),
        },
      },
    },
  };
}

Deno.test("restoreJob takes the newest plain archive made at or before the time", async () => {
  const loaded = setup(false);
  const job = loaded.config.jobs.j;
  await runBackupJob(loaded, "j", job, { now: () => new Date("2026-01-01T00:00:00Z") });
  Deno.writeTextFileSync(`${loaded.dir}/src/a.txt`, "two!");
  await runBackupJob(loaded, "j", job, { now: () => new Date("2026-01-02T00:00:00Z") });
  const dest = `${loaded.dir}/r`;
  const r = await restoreJob(loaded, "j", job, { dest, at: new Date("2026-01-01T12:00:00Z") });
  assert.deepEqual(r.applied, [`${loaded.dir}/out/j-2026-01-01.tar`]);
  assert.equal(Deno.readTextFileSync(`${dest}/src/a.txt`), "one");
});

Deno.test("restoreJob refuses a chain with a missing archive, and deletes nothing through links", async () => {
  const loaded = setup(true);
  const job = loaded.config.jobs.j;
  await runBackupJob(loaded, "j", job, { now: () => new Date("2026-01-01T00:00:00Z") });
  Deno.removeSync(`${loaded.dir}/src/a.txt`);
  await runBackupJob(loaded, "j", job, { now: () => new Date("2026-01-02T00:00:00Z") });
  // the restore target has "src" as a link to somewhere else: the deletion of src/a.txt
  // must not reach through it
  const dest = `${loaded.dir}/r`;
  const elsewhere = `${loaded.dir}/elsewhere`;
  Deno.mkdirSync(dest);
  Deno.mkdirSync(elsewhere);
  Deno.writeTextFileSync(`${elsewhere}/a.txt`, "not ours");
  Deno.symlinkSync(elsewhere, `${dest}/src`);
  await restoreJob(loaded, "j", job, { dest, onWarning: () => {} });
  assert.equal(Deno.readTextFileSync(`${elsewhere}/a.txt`), "not ours");
  Deno.removeSync(`${loaded.dir}/out/j-2026-01-01.tar`);
  await assert.rejects(
    restoreJob(loaded, "j", job, { dest: `${loaded.dir}/r2` }),
    /needed by the chain, is missing/,
  );
  assert.ok(Deno.statSync(`${stateDir(loaded)}/j.snapshot.json`).isFile);
});
