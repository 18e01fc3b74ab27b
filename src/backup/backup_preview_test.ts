import assert from "node:assert/strict";
import type { LoadedConfig } from "../config/load_config.ts";
import { previewBackupJob } from "./backup_preview.ts";
import { runBackupJob } from "./run_backup.ts";

Deno.test("previewBackupJob counts the pending archive in retention and writes nothing", async () => {
  const dir = Deno.makeTempDirSync();
  Deno.mkdirSync(`${dir}/src`);
  Deno.writeTextFileSync(`${dir}/src/a.txt`, "abc");
  const loaded: LoadedConfig = {
    file: `${dir}/tarz.config.ts`,
    dir,
    config: {
      jobs: { j: { sources: ["src"], output: "out/{job}-{date}.tar", retention: { keepLast: 1 } } },
    },
  };
  const job = loaded.config.jobs.j;
  await runBackupJob(loaded, "j", job, { now: () => new Date("2026-01-01T03:00:00Z") });
  const before = [...Deno.readDirSync(`${dir}/out`)].map((e) => e.name).sort();
  const p = await previewBackupJob(loaded, "j", job, { now: new Date("2026-01-02T03:00:00Z") });
  assert.equal(p.archive, `${dir}/out/j-2026-01-02.tar`);
  assert.deepEqual([p.kind, p.files, p.directories, p.bytes], ["full", 1, 1, 3]);
  assert.deepEqual(p.remove, [`${dir}/out/j-2026-01-01.tar`]);
  assert.deepEqual([...Deno.readDirSync(`${dir}/out`)].map((e) => e.name).sort(), before);
  // the same day again: the name a real run would take, with its run number
  const again = await previewBackupJob(loaded, "j", job, { now: new Date("2026-01-01T04:00:00Z") });
  assert.equal(again.archive, `${dir}/out/j-2026-01-01+2.tar`);
});
