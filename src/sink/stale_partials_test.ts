import assert from "node:assert/strict";
import {
  partialPathOf,
  partialTarget,
  removeStalePartials,
  STALE_AFTER_MS,
  staleReason,
} from "./stale_partials.ts";

const now = new Date("2026-12-03T12:00:00Z");
const fresh = new Date(now.getTime() - 60_000);
const old = new Date(now.getTime() - STALE_AFTER_MS - 1);

Deno.test("partialPathOf names the host, the pid and a random id beside the target", () => {
  const p = partialPathOf("/b/home.tar.zst");
  assert.match(
    p,
    new RegExp(`^/b/\\.home\\.tar\\.zst\\.tarz-[0-9a-f]{6}-${Deno.pid}-[0-9a-f]{8}\\.partial$`),
  );
  assert.match(partialPathOf("s.json", false), /^s\.json\.tarz-/);
  assert.notEqual(partialPathOf("/b/a"), partialPathOf("/b/a"));
});

Deno.test("staleReason takes a partial of a dead writer on this host, or over a day old", () => {
  const name = partialPathOf("a.tar").replace(`-${Deno.pid}-`, "-424242-");
  assert.equal(staleReason(name, fresh, now, () => false), "its writer, pid 424242, is gone");
  assert.equal(staleReason(name, fresh, now, () => true), undefined);
  assert.equal(staleReason(name, old, now, () => true), "it is over a day old");
  // this process's own file is never stale, whatever its age
  assert.equal(staleReason(partialPathOf("a.tar"), fresh, now, () => false), undefined);
});

Deno.test("staleReason leaves another host's fresh partial and files not tarz's alone", () => {
  const other = ".a.tar.tarz-000000-1-0123abcd.partial";
  const mine = partialPathOf("a.tar");
  if (!mine.includes("tarz-000000-")) {
    assert.equal(staleReason(other, fresh, now, () => false), undefined);
  }
  assert.equal(staleReason(other, old, now, () => false), "it is over a day old");
  assert.equal(staleReason("a.tar.partial", old, now, () => false), undefined);
  assert.equal(staleReason(".a.tar.tarz-ab12cd34.partial", fresh, now, () => false), undefined);
  assert.equal(
    staleReason(".a.tar.tarz-ab12cd34.partial", old, now, () => false),
    "it is over a day old",
  );
});

Deno.test("removeStalePartials removes dead writers' files and keeps the rest", () => {
  const dir = Deno.makeTempDirSync();
  const dead = `${dir}/${
    partialPathOf("x.tar").split("/").pop()!.replace(`-${Deno.pid}-`, "-999999999-")
  }`;
  const live = partialPathOf(`${dir}/y.tar`);
  Deno.writeTextFileSync(dead, "abc");
  Deno.writeTextFileSync(live, "def");
  Deno.writeTextFileSync(`${dir}/keep.partial`, "mine");
  const removed = removeStalePartials(dir, now);
  assert.deepEqual(removed, [{ path: dead, bytes: 3, why: "its writer, pid 999999999, is gone" }]);
  assert.deepEqual(
    [...Deno.readDirSync(dir)].map((e) => e.name).sort(),
    [
      "keep.partial",
      live.slice(dir.length + 1),
    ].sort(),
  );
  assert.deepEqual(removeStalePartials(`${dir}/missing`), []);
});

Deno.test("partialTarget gives the name a temporary name was written for, null for others", () => {
  assert.equal(partialTarget(".j-1.tar.zst.tarz-abcdef-4242-0123abcd.partial"), "j-1.tar.zst");
  assert.equal(partialTarget(".a.tar.tarz-0123abcd.partial"), "a.tar"); // the older form
  assert.equal(partialTarget("a.tar.zst"), null);
});
