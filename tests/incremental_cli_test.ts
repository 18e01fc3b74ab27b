/**
 * Incremental backups end to end: a full archive, then changes (including deletions), then
 * two incrementals; a restore at each point compares equal to the sources as they were.
 * Retention never breaks a chain it keeps.
 */
import assert from "node:assert/strict";
import { snapshot, tarz, tempDir } from "./_helpers.ts";

const CONFIG = `export default { jobs: { docs: {
  sources: ["docs"],
  output: "b/{job}-{date}T{time}.tar.zst",
  incremental: { fullEvery: 5 },
  retention: { keepLast: 1 },
} } };`;

Deno.test("full, then incrementals with changes and deletions, restore equal at each point", async () => {
  const d = tempDir();
  Deno.writeTextFileSync(`${d}/tarz.config.ts`, CONFIG);
  const src = `${d}/docs`;
  Deno.mkdirSync(`${src}/old`, { recursive: true });
  Deno.writeTextFileSync(`${src}/keep.txt`, "keep\n");
  Deno.writeTextFileSync(`${src}/change.txt`, "v1\n");
  Deno.writeTextFileSync(`${src}/old/gone.txt`, "gone soon\n");
  const states: { at: string; tree: string[] }[] = [];
  const backup = async (at: string) => {
    const r = await tarz(["backup", "--json"], { cwd: d, env: { TARZ_NOW: at } });
    assert.equal(r.code, 0, r.stderr);
    states.push({ at, tree: snapshot(src) });
    return JSON.parse(r.stdout).jobs[0];
  };

  const full = await backup("2026-01-01T03:00:00Z");
  assert.equal(full.kind, "full");
  assert.equal(full.files, 3);

  Deno.writeTextFileSync(`${src}/change.txt`, "v2, longer\n");
  Deno.utimeSync(
    `${src}/change.txt`,
    new Date("2026-01-01T12:00:00Z"),
    new Date("2026-01-01T12:00:00Z"),
  );
  Deno.removeSync(`${src}/old`, { recursive: true });
  Deno.writeTextFileSync(`${src}/new.txt`, "new\n");
  const inc1 = await backup("2026-01-02T03:00:00Z");
  assert.equal(inc1.kind, "incremental");
  assert.equal(inc1.files, 2, "change.txt and new.txt; keep.txt is unchanged");

  Deno.removeSync(`${src}/new.txt`);
  Deno.mkdirSync(`${src}/later`);
  Deno.writeTextFileSync(`${src}/later/x.txt`, "x\n");
  const inc2 = await backup("2026-01-03T03:00:00Z");
  assert.equal(inc2.kind, "incremental");
  // keepLast: 1, but the newest incremental needs its whole chain
  assert.deepEqual(inc2.pruned, []);

  for (const [i, state] of states.entries()) {
    const out = `${d}/restore-${i}`;
    const r = await tarz(["restore", "docs", "-C", out, "--at", state.at], { cwd: d });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`from ${i + 1} archive${i ? "s" : ""} \\(`));
    assert.deepEqual(snapshot(`${out}/docs`), state.tree, `restore as of ${state.at}`);
  }

  const prune = await tarz(["prune", "--dry-run"], { cwd: d });
  assert.match(
    prune.stdout,
    /docs-2026-01-01T030000\.tar\.zst {2}keep \(chain of docs-2026-01-03T030000\.tar\.zst\)/,
  );
  const early = await tarz(["restore", "docs", "-C", `${d}/none`, "--at", "2025-12-31"], {
    cwd: d,
  });
  assert.equal(early.code, 2);
  assert.match(early.stderr, /has no archive made at or before 2025-12-31/);
});

Deno.test("four backups with keepLast 2 and fullEvery 2 prune nothing a kept chain needs", async () => {
  const d = tempDir();
  Deno.writeTextFileSync(
    `${d}/tarz.config.ts`,
    `export default { jobs: { docs: {
      sources: ["docs"],
      output: "b/{job}-{date}T{time}.tar.zst",
      incremental: { fullEvery: 2 },
      retention: { keepLast: 2 },
    } } };`,
  );
  Deno.mkdirSync(`${d}/docs`);
  const states: { at: string; tree: string[] }[] = [];
  for (const [i, at] of ["01", "02", "03", "04"].entries()) {
    Deno.writeTextFileSync(`${d}/docs/f${i}.txt`, `run ${i}\n`);
    const when = `2026-01-${at}T03:00:00Z`;
    const dry = await tarz(["prune", "--dry-run"], { cwd: d, env: { TARZ_NOW: when } });
    const r = await tarz(["backup", "--json"], { cwd: d, env: { TARZ_NOW: when } });
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout).jobs[0];
    assert.deepEqual(report.pruned, [], `run ${i + 1} (${report.kind}) pruned nothing`);
    // what prune --dry-run says now is what the next run's prune would do
    assert.ok(!/ remove$/m.test(dry.stdout), dry.stdout);
    states.push({ at: when, tree: snapshot(`${d}/docs`) });
  }
  const out = `${d}/r`;
  const r = await tarz(["restore", "docs", "-C", out, "--at", "2026-01-03T04:00:00Z"], { cwd: d });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /from 3 archives/);
  assert.deepEqual(snapshot(`${out}/docs`), states[2].tree);
});

Deno.test("restore refuses a deletion of the destination itself, keeps it, and exits 3", async () => {
  const d = tempDir();
  Deno.writeTextFileSync(`${d}/tarz.config.ts`, CONFIG.replace("keepLast: 1", "keepLast: 5"));
  Deno.mkdirSync(`${d}/docs`);
  Deno.writeTextFileSync(`${d}/docs/a.txt`, "a\n");
  const first = await tarz(["backup"], { cwd: d, env: { TARZ_NOW: "2026-01-01T03:00:00Z" } });
  assert.equal(first.code, 0, first.stderr);
  // an incremental whose deletion record names ".", made by hand
  Deno.mkdirSync(`${d}/evil`);
  Deno.writeTextFileSync(
    `${d}/evil/.tarz-incremental.json`,
    JSON.stringify({ base: "docs-2026-01-01T030000.tar.zst", deleted: ["."] }),
  );
  const tar = await new Deno.Command("tar", {
    args: [
      "--zstd",
      "-cf",
      `${d}/b/docs-2026-01-02T030000.tar.zst`,
      "-C",
      `${d}/evil`,
      ".tarz-incremental.json",
    ],
  }).output();
  assert.equal(tar.code, 0);
  const out = `${d}/r`;
  Deno.mkdirSync(out);
  Deno.writeTextFileSync(`${out}/mine.txt`, "not from the backup\n");
  const r = await tarz(["restore", "docs", "-C", out], { cwd: d });
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, /lists the deletion of "\.", refused: it names the destination itself/);
  assert.equal(Deno.readTextFileSync(`${out}/mine.txt`), "not from the backup\n");
  assert.equal(Deno.readTextFileSync(`${out}/docs/a.txt`), "a\n");
});

Deno.test("verify --job checks the whole chain, and --against-sources the state it restores", async () => {
  const d = tempDir();
  Deno.writeTextFileSync(`${d}/tarz.config.ts`, CONFIG.replace("keepLast: 1", "keepLast: 5"));
  Deno.mkdirSync(`${d}/docs`);
  Deno.writeTextFileSync(`${d}/docs/keep.txt`, "keep\n");
  Deno.writeTextFileSync(`${d}/docs/gone.txt`, "gone\n");
  const backup = async (at: string) => {
    const r = await tarz(["backup"], { cwd: d, env: { TARZ_NOW: at } });
    assert.equal(r.code, 0, r.stderr);
  };
  await backup("2026-01-01T03:00:00Z");
  Deno.removeSync(`${d}/docs/gone.txt`);
  Deno.writeTextFileSync(`${d}/docs/new.txt`, "new\n");
  await backup("2026-01-02T03:00:00Z");
  const ok = await tarz(["verify", "--job", "docs", "--against-sources"], { cwd: d });
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(ok.stderr, /docs: chain of 2 archives, restored and compared with the sources: OK/);
  // a change on disk since the backup is a difference of the restored state
  Deno.writeTextFileSync(`${d}/docs/keep.txt`, "changed\n");
  const changed = await tarz(["verify", "--job", "docs", "--against-sources"], { cwd: d });
  assert.equal(changed.code, 1);
  assert.match(changed.stdout, /^docs\/keep\.txt: size: restored 5, disk 8$/m);
  // a damaged full archive fails the chain, though the newest incremental is intact
  const full = `${d}/b/docs-2026-01-01T030000.tar.zst`;
  const bytes = Deno.readFileSync(full);
  bytes[bytes.length >> 1] ^= 0xff;
  Deno.writeFileSync(full, bytes);
  const damaged = await tarz(["verify", "--job", "docs"], { cwd: d });
  assert.equal(damaged.code, 1, damaged.stderr);
  assert.match(damaged.stderr, /docs-2026-01-01T030000\.tar\.zst/);
});

Deno.test("backup --dry-run says what each job would write and prune, and changes nothing", async () => {
  const d = tempDir();
  Deno.writeTextFileSync(
    `${d}/tarz.config.ts`,
    `export default { jobs: {
  docs: { sources: ["docs"], output: "b/{job}-{date}T{time}.tar", incremental: { fullEvery: 5 } },
  plain: { sources: ["docs"], output: "p/{job}-{date}T{time}.tar", retention: { keepLast: 2 } },
} };`,
  );
  Deno.mkdirSync(`${d}/docs/old`, { recursive: true });
  Deno.writeTextFileSync(`${d}/docs/keep.txt`, "keep\n");
  Deno.writeTextFileSync(`${d}/docs/old/gone.txt`, "gone\n");
  for (const t of ["2026-01-01T03:00:00Z", "2026-01-02T03:00:00Z"]) {
    const r = await tarz(["backup"], { cwd: d, env: { TARZ_NOW: t } });
    assert.equal(r.code, 0, r.stderr);
  }
  Deno.removeSync(`${d}/docs/old`, { recursive: true });
  Deno.writeTextFileSync(`${d}/docs/new.txt`, "new!\n");
  const before = snapshot(d);
  const env = { TARZ_NOW: "2026-01-03T03:00:00Z" };
  const dry = await tarz(["backup", "--dry-run", "-v"], { cwd: d, env });
  assert.equal(dry.code, 0, dry.stderr);
  assert.equal(
    dry.stdout,
    `docs  docs\ndocs  docs/new.txt\n` +
      `docs: would write ${d}/b/docs-2026-01-03T030000.tar (incremental): 1 file, 1 directory, 5 B; 2 deletions recorded\n` +
      `plain  docs\nplain  docs/keep.txt\nplain  docs/new.txt\n` +
      `plain: would write ${d}/p/plain-2026-01-03T030000.tar (full): 2 files, 1 directory, 10 B\n` +
      `plain: retention would remove ${d}/p/plain-2026-01-01T030000.tar\n`,
  );
  assert.deepEqual(snapshot(d), before, "no archive, lock, status or snapshot file changed");
  const json = await tarz(["backup", "plain", "--dry-run", "--json"], { cwd: d, env });
  assert.deepEqual(JSON.parse(json.stdout).jobs[0].remove, [`${d}/p/plain-2026-01-01T030000.tar`]);
  const real = await tarz(["backup", "--json"], { cwd: d, env });
  assert.equal(real.code, 0, real.stderr);
  const reports = JSON.parse(real.stdout).jobs;
  assert.equal(reports[0].kind, "incremental");
  assert.deepEqual(reports[1].pruned, [`${d}/p/plain-2026-01-01T030000.tar`]);
});

Deno.test("restore --include applies the chain, deletions too, to those paths alone", async () => {
  const d = tempDir();
  Deno.writeTextFileSync(
    `${d}/tarz.config.ts`,
    `export default { jobs: { j: { sources: ["s"], output: "b/{job}-{date}T{time}.tar", incremental: { fullEvery: 9 } } } };`,
  );
  Deno.mkdirSync(`${d}/s/docs/old`, { recursive: true });
  Deno.mkdirSync(`${d}/s/other`);
  Deno.writeTextFileSync(`${d}/s/docs/a.txt`, "a1\n");
  Deno.writeTextFileSync(`${d}/s/docs/old/b.txt`, "b\n");
  Deno.writeTextFileSync(`${d}/s/other/c.txt`, "c\n");
  const backup = async (t: string) => {
    const r = await tarz(["backup"], { cwd: d, env: { TARZ_NOW: t } });
    assert.equal(r.code, 0, r.stderr);
  };
  await backup("2026-01-01T03:00:00Z");
  Deno.writeTextFileSync(`${d}/s/docs/a.txt`, "a2, changed\n");
  Deno.utimeSync(
    `${d}/s/docs/a.txt`,
    new Date("2026-01-01T12:00:00Z"),
    new Date("2026-01-01T12:00:00Z"),
  );
  Deno.removeSync(`${d}/s/docs/old`, { recursive: true });
  Deno.writeTextFileSync(`${d}/s/other/c.txt`, "c2, changed\n");
  await backup("2026-01-02T03:00:00Z");
  const want = snapshot(`${d}/s/docs`);
  // a file already in the destination that the chain deletes goes, one outside the paths stays
  Deno.mkdirSync(`${d}/r/s/docs/old`, { recursive: true });
  Deno.writeTextFileSync(`${d}/r/s/docs/old/b.txt`, "stale\n");
  Deno.mkdirSync(`${d}/r/s/other`, { recursive: true });
  Deno.writeTextFileSync(`${d}/r/s/other/c.txt`, "mine\n");
  const r = await tarz(["restore", "j", "-C", `${d}/r`, "--include", "s/docs"], { cwd: d });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(snapshot(`${d}/r/s/docs`), want);
  assert.equal(Deno.readTextFileSync(`${d}/r/s/other/c.txt`), "mine\n");
  // a deletion of a directory above an included path removes what was restored of it
  const old = await tarz(["restore", "j", "-C", `${d}/r2`, "--include", "s/docs/old/b.txt"], {
    cwd: d,
  });
  assert.equal(old.code, 0, old.stderr);
  assert.throws(() => Deno.statSync(`${d}/r2/s/docs/old/b.txt`));
  const early = await tarz(
    [
      "restore",
      "j",
      "-C",
      `${d}/r3`,
      "--include",
      "s/docs/old/b.txt",
      "--at",
      "2026-01-01T04:00:00Z",
    ],
    { cwd: d },
  );
  assert.equal(early.code, 0, early.stderr);
  assert.equal(Deno.readTextFileSync(`${d}/r3/s/docs/old/b.txt`), "b\n");
  const missing = await tarz(["restore", "j", "-C", `${d}/r4`, "--include", "s/nope"], { cwd: d });
  assert.equal(missing.code, 3);
  assert.match(missing.stderr, /^tarz: warning: s\/nope: not in the backup$/m);
});
