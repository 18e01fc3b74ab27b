import assert from "node:assert/strict";
import { AtomicFile, OutputExistsError } from "./atomic_file.ts";

async function* chunks(...texts: string[]): AsyncGenerator<Uint8Array> {
  for (const t of texts) yield new TextEncoder().encode(t);
}

Deno.test("AtomicFile writes under a temporary name and renames on commit", async () => {
  const dir = Deno.makeTempDirSync();
  const f = await AtomicFile.open(`${dir}/a.tar`);
  assert.equal(await f.writeAll(chunks("ab", "cd")), 4);
  assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), [
    f.tempPath.slice(dir.length + 1),
  ]);
  await f.commit();
  assert.equal(Deno.readTextFileSync(`${dir}/a.tar`), "abcd");
  assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["a.tar"]);
});

Deno.test("AtomicFile refuses an existing target without force and leaves it alone", async () => {
  const dir = Deno.makeTempDirSync();
  Deno.writeTextFileSync(`${dir}/a.tar`, "old");
  await assert.rejects(AtomicFile.open(`${dir}/a.tar`), OutputExistsError);
  const f = await AtomicFile.open(`${dir}/a.tar`, { force: true });
  await f.writeAll(chunks("new"));
  await f.discard();
  assert.equal(Deno.readTextFileSync(`${dir}/a.tar`), "old");
  assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["a.tar"]);
});

Deno.test("AtomicFile syncs before renaming when asked to or when replacing a file", async () => {
  const dir = Deno.makeTempDirSync();
  const fresh = await AtomicFile.open(`${dir}/new.tar`);
  assert.equal(fresh.syncs, false);
  await fresh.discard();
  const asked = await AtomicFile.open(`${dir}/new.tar`, { sync: true });
  assert.equal(asked.syncs, true);
  await asked.discard();
  Deno.writeTextFileSync(`${dir}/old.tar`, "old");
  const replacing = await AtomicFile.open(`${dir}/old.tar`, { force: true });
  assert.equal(replacing.syncs, true);
  await replacing.writeAll(chunks("new"));
  await replacing.commit();
  assert.equal(Deno.readTextFileSync(`${dir}/old.tar`), "new");
});
