import assert from "node:assert/strict";
import fc from "fast-check";
import type { LoadedConfig } from "../config/load_config.ts";
import type { JobConfig } from "../config/types.ts";
import { snapshotPathOf } from "./job_files.ts";
import { pruneJob } from "./prune.ts";
import { restoreJob } from "./restore.ts";
import type { RetentionPolicy } from "./retention.ts";
import { runBackupJob } from "./run_backup.ts";

function setup(job: Partial<JobConfig>): LoadedConfig {
  const dir = Deno.makeTempDirSync();
  Deno.mkdirSync(`${dir}/src/sub`, { recursive: true });
  return {
    file: `${dir}/tarz.config.ts`,
    dir,
    config: { jobs: { j: { sources: ["src"], output: "out/{job}-{date}-{time}.tar", ...job } } },
  };
}

/** The files below `dir`, by path, with their text. */
function tree(dir: string, prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of Deno.readDirSync(dir)) {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory) Object.assign(out, tree(path, `${prefix}${e.name}/`));
    else out[`${prefix}${e.name}`] = Deno.readTextFileSync(path);
  }
  return out;
}

const hour = 3600e3;

Deno.test("retention keeps whole chains: full, incremental, incremental, full with keepLast 2", async () => {
  const loaded = setup({ retention: { keepLast: 2 }, incremental: { fullEvery: 2 } });
  const job = loaded.config.jobs.j;
  const states: [Date, Record<string, string>][] = [];
  for (let i = 0; i < 4; i++) {
    Deno.writeTextFileSync(`${loaded.dir}/src/f${i}`, `run ${i}`);
    const at = new Date(Date.UTC(2026, 0, 1) + i * hour);
    const r = await runBackupJob(loaded, "j", job, { now: () => at });
    assert.equal(r.result, "success", r.error ?? "");
    assert.deepEqual(r.pruned, [], `run ${i + 1} removed nothing a kept chain needs`);
    states.push([at, tree(`${loaded.dir}/src`)]);
  }
  const reasons = (await pruneJob(loaded, "j", job, { dryRun: true })).map((d) =>
    d.reasons.join(", ")
  );
  assert.deepEqual(reasons, [
    "last #1",
    "last #2",
    "chain of j-2026-01-01-020000.tar",
    "chain of j-2026-01-01-020000.tar",
  ]);
  // the second incremental, kept by keepLast, still restores
  const dest = `${loaded.dir}/r`;
  await restoreJob(loaded, "j", job, { dest, at: states[2][0] });
  assert.deepEqual(tree(`${dest}/src`), states[2][1]);
});

Deno.test("prune drops what it removed from the snapshot file's history", async () => {
  const loaded = setup({ retention: { keepLast: 1 }, incremental: { fullEvery: 1 } });
  const job = loaded.config.jobs.j;
  for (let i = 0; i < 4; i++) {
    Deno.writeTextFileSync(`${loaded.dir}/src/f${i}`, `run ${i}`);
    await runBackupJob(loaded, "j", job, { now: () => new Date(Date.UTC(2026, 0, 1) + i * hour) });
  }
  const history = JSON.parse(Deno.readTextFileSync(snapshotPathOf(loaded, "j"))).chain;
  assert.deepEqual(history.map((l: { kind: string }) => l.kind), ["full", "incremental"]);
});

Deno.test("a damaged snapshot file keeps every archive it would name, with a warning", async () => {
  const loaded = setup({ retention: { keepLast: 1 }, incremental: { fullEvery: 3 } });
  const job = loaded.config.jobs.j;
  for (let i = 0; i < 3; i++) {
    Deno.writeTextFileSync(`${loaded.dir}/src/f${i}`, `run ${i}`);
    await runBackupJob(loaded, "j", job, { now: () => new Date(Date.UTC(2026, 0, 1) + i * hour) });
  }
  Deno.writeTextFileSync(snapshotPathOf(loaded, "j"), "");
  const warnings: string[] = [];
  const decisions = await pruneJob(loaded, "j", job, { onWarning: (m) => warnings.push(m) });
  assert.deepEqual(decisions.map((d) => d.keep), [true, true, true]);
  assert.match(warnings[0], /snapshot file .* is damaged: it is empty/);
});

const policy: fc.Arbitrary<RetentionPolicy> = fc.record({
  keepLast: fc.integer({ min: 1, max: 3 }),
  keepHourly: fc.integer({ min: 1, max: 3 }),
  keepDaily: fc.integer({ min: 1, max: 3 }),
  keepWithin: fc.constantFrom("2h", "1d"),
}, { requiredKeys: [] });

const step = fc.record({
  hours: fc.integer({ min: 1, max: 40 }),
  file: fc.constantFrom("a", "b", "sub/c", "sub/d"),
  remove: fc.boolean(),
  text: fc.string({ maxLength: 8 }),
});

Deno.test("for any backups, policy and clock, every kept archive restores exactly, and a dry run lists what prune removes", async () => {
  await fc.assert(
    fc.asyncProperty(
      policy,
      fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constantFrom("3h", "1d")),
      fc.array(step, { minLength: 1, maxLength: 6 }),
      async (retention, fullEvery, steps) => {
        const loaded = setup({ retention, incremental: { fullEvery } });
        const job = loaded.config.jobs.j;
        const states = new Map<string, Record<string, string>>();
        let t = Date.UTC(2026, 0, 1);
        for (const s of steps) {
          t += s.hours * hour;
          const now = new Date(t);
          const path = `${loaded.dir}/src/${s.file}`;
          if (!s.remove) {
            Deno.writeTextFileSync(path, s.text);
            // the change's time on the fake clock: two writes of one size within a real
            // second would otherwise look unchanged, as they do to GNU tar's incrementals
            Deno.utimeSync(path, now, now);
          } else if (Object.hasOwn(tree(`${loaded.dir}/src`), s.file)) Deno.removeSync(path);
          const r = await runBackupJob(loaded, "j", job, { now: () => now });
          assert.equal(r.result, "success", r.error ?? "");
          states.set(now.toISOString(), tree(`${loaded.dir}/src`));
          const dry = await pruneJob(loaded, "j", job, { now, dryRun: true });
          const real = await pruneJob(loaded, "j", job, { now });
          assert.deepEqual(real, dry);
          await _everyKeptRestores(loaded, job, states);
        }
        Deno.removeSync(loaded.dir, { recursive: true });
      },
    ),
    { numRuns: 12 },
  );
});

async function _everyKeptRestores(
  loaded: LoadedConfig,
  job: JobConfig,
  states: Map<string, Record<string, string>>,
): Promise<void> {
  // every archive left on disk is kept: each is the newest state of its time
  const history: { archive: string; time: string }[] =
    JSON.parse(Deno.readTextFileSync(snapshotPathOf(loaded, "j"))).chain;
  const onDisk = [...Deno.readDirSync(`${loaded.dir}/out`)].filter((e) => e.name.endsWith(".tar"));
  assert.equal(history.length, onDisk.length);
  for (const link of history) {
    const dest = Deno.makeTempDirSync({ dir: loaded.dir });
    await restoreJob(loaded, "j", job, { dest, at: new Date(link.time) });
    assert.deepEqual(tree(`${dest}/src`), states.get(link.time), `restore at ${link.time}`);
  }
}
