import assert from "node:assert/strict";
import type { LoadedConfig } from "../config/load_config.ts";
import { restoreJob } from "./restore.ts";
import { runBackupJob } from "./run_backup.ts";
import { stateDir } from "./job_files.ts";

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
    /builds on j-2026-01-01\.tar, which is missing/,
  );
  assert.ok(Deno.statSync(`${stateDir(loaded)}/j.snapshot.json`).isFile);
});

/** Writes an incremental archive by hand, on `day`, whose deletion record is `record`. */
async function handMade(loaded: LoadedConfig, day: string, record: string): Promise<void> {
  const work = Deno.makeTempDirSync();
  Deno.writeTextFileSync(`${work}/.tarz-incremental.json`, record);
  const out = `${loaded.dir}/out/j-2026-01-${day}.tar`;
  const tar = new Deno.Command("tar", { args: ["-cf", out, "-C", work, ".tarz-incremental.json"] });
  assert.equal((await tar.output()).code, 0);
}

for (const deleted of [".", "", "/", "./", "src/.."]) {
  Deno.test(`restoreJob never removes the destination for the deletion ${JSON.stringify(deleted)}`, async () => {
    const loaded = setup(true);
    const job = loaded.config.jobs.j;
    await runBackupJob(loaded, "j", job, { now: () => new Date("2026-01-01T00:00:00Z") });
    await handMade(loaded, "02", JSON.stringify({ base: "j-2026-01-01.tar", deleted: [deleted] }));
    const dest = `${loaded.dir}/r`;
    Deno.mkdirSync(dest);
    Deno.writeTextFileSync(`${dest}/mine.txt`, "never in the backup");
    const warnings: string[] = [];
    await restoreJob(loaded, "j", job, { dest, onWarning: (m) => warnings.push(m) });
    assert.equal(Deno.readTextFileSync(`${dest}/mine.txt`), "never in the backup");
    assert.equal(Deno.readTextFileSync(`${dest}/src/a.txt`), "one");
    assert.match(warnings.join("\n"), /lists the deletion of .*, refused/);
  });
}

Deno.test("restoreJob applies the whole chain when the snapshot file is empty or damaged", async () => {
  const loaded = setup(true);
  const job = loaded.config.jobs.j;
  for (const [day, text] of [["01", "one"], ["02", "two"], ["03", "three"]]) {
    Deno.writeTextFileSync(`${loaded.dir}/src/${day}.txt`, text);
    await runBackupJob(loaded, "j", job, { now: () => new Date(`2026-01-${day}T00:00:00Z`) });
  }
  for (const damage of ["", '{"version":1,"chain":[null],"files":{}}']) {
    Deno.writeTextFileSync(`${stateDir(loaded)}/j.snapshot.json`, damage);
    const dest = Deno.makeTempDirSync();
    const r = await restoreJob(loaded, "j", job, { dest });
    assert.equal(r.applied.length, 3);
    assert.deepEqual([...Deno.readDirSync(`${dest}/src`)].map((e) => e.name).sort(), [
      "01.txt",
      "02.txt",
      "03.txt",
      "a.txt",
    ]);
  }
});

Deno.test("restoreJob refuses a chain with a damaged deletion record before writing anything", async () => {
  const loaded = setup(true);
  const job = loaded.config.jobs.j;
  await runBackupJob(loaded, "j", job, { now: () => new Date("2026-01-01T00:00:00Z") });
  await handMade(loaded, "02", "{ not json");
  const dest = `${loaded.dir}/r`;
  await assert.rejects(
    restoreJob(loaded, "j", job, { dest }),
    /j-2026-01-02\.tar has a damaged deletion record: it is not JSON/,
  );
  assert.throws(() => Deno.statSync(dest), Deno.errors.NotFound);
});

Deno.test("runBackupJob moves a damaged snapshot file aside and makes a full archive", async () => {
  const loaded = setup(true);
  const job = loaded.config.jobs.j;
  await runBackupJob(loaded, "j", job, { now: () => new Date("2026-01-01T00:00:00Z") });
  const path = `${stateDir(loaded)}/j.snapshot.json`;
  Deno.writeTextFileSync(path, '{"version":1,"chain":[null],"files":{}}');
  const r = await runBackupJob(loaded, "j", job, { now: () => new Date("2026-01-02T00:00:00Z") });
  assert.equal(r.result, "partial", r.error ?? "");
  assert.equal(r.kind, "full");
  assert.match(r.warnings[0], /j\.snapshot\.json is damaged: .* at chain\.0; moved it to/);
  assert.equal(Deno.readTextFileSync(`${path}.damaged`), '{"version":1,"chain":[null],"files":{}}');
  const next = await runBackupJob(loaded, "j", job, {
    now: () => new Date("2026-01-03T00:00:00Z"),
  });
  assert.equal(next.result, "success", next.error ?? "");
  assert.equal(next.kind, "incremental");
});
