import assert from "node:assert/strict";
import { deletionTarget, findChain, parseRecord } from "./find_chain.ts";
import type { IncrementalRecord } from "./incremental.ts";

const at = (d: number) => new Date(Date.UTC(2026, 0, d));
const archives = [
  { path: "/b/f1", time: at(1) },
  { path: "/b/i1", time: at(2) },
  { path: "/b/f2", time: at(3) },
  { path: "/b/i2", time: at(4) },
];
const records: Record<string, IncrementalRecord> = {
  "/b/i1": { base: "f1", deleted: [] },
  "/b/i2": { base: "f2", deleted: ["x"] },
};
const read = (path: string) => Promise.resolve(records[path]);

Deno.test("findChain follows each incremental's base back to a full archive", async () => {
  const paths = async (d: number) => (await findChain(archives, at(d), read)).map((s) => s.path);
  assert.deepEqual(await paths(2), ["/b/f1", "/b/i1"]);
  assert.deepEqual(await paths(9), ["/b/f2", "/b/i2"]);
  assert.deepEqual(await paths(0), []);
});

Deno.test("findChain fails on a missing base and on a loop of bases", async () => {
  const missing = (p: string) =>
    Promise.resolve(p === "/b/i2" ? { base: "gone", deleted: [] } : undefined);
  await assert.rejects(findChain(archives, at(9), missing), /builds on gone, which is missing/);
  const loop = (p: string) =>
    Promise.resolve(p === "/b/i2" ? { base: "i1", deleted: [] } : { base: "i2", deleted: [] });
  await assert.rejects(findChain(archives, at(9), loop), /form a loop/);
});

Deno.test("parseRecord and deletionTarget refuse what tarz never writes", () => {
  assert.deepEqual(parseRecord('{"base":"f1","deleted":["a"]}', "i1"), {
    base: "f1",
    deleted: ["a"],
  });
  assert.throws(
    () => parseRecord('{"base":"f1","deleted":[1]}', "i1"),
    /i1 has a damaged deletion record/,
  );
  for (const bad of [".", "", "/", "./", "a/..", "/etc", "../x"]) {
    assert.equal(deletionTarget(bad).ok, false, JSON.stringify(bad));
  }
});
