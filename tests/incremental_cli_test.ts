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
    assert.match(r.stderr, new RegExp(`from ${i + 1} archives`));
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
