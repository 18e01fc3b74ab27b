import assert from "node:assert/strict";
import type { Plan } from "../create/plan.ts";
import { makeEntry, type TarEntry } from "../tar/entry.ts";
import {
  type ChainLink,
  chainOf,
  INCREMENTAL_MEMBER,
  makeIncremental,
  needsFull,
  signature,
} from "./incremental.ts";

const e = (path: string, type: TarEntry["type"], extra: Partial<TarEntry> = {}) => ({
  entry: makeEntry({ path, type, size: type === "file" ? 3 : 0, mtime: 100, ...extra }),
  fsPath: `/src/${path}`,
});

function plan(): Plan {
  return {
    entries: [
      e("d", "directory"),
      e("d/same", "file"),
      e("d/changed", "file", { mtime: 200 }),
      e("d/new", "file"),
      e("d/link-a", "file"),
      e("d/link-b", "hardlink", { linkname: "d/link-a" }),
    ],
    totals: { files: 4, directories: 1, symlinks: 0, hardlinks: 1, specials: 0, bytes: 12 },
    warnings: [],
  };
}

Deno.test("makeIncremental keeps directories, changes and hardlink groups, and records deletions first", () => {
  const p = plan();
  const previous = {
    "d": signature(p.entries[0].entry),
    "d/same": signature(p.entries[1].entry),
    "d/changed": signature({ ...p.entries[2].entry, mtime: 100 }),
    "d/link-a": signature(p.entries[4].entry),
    "d/gone": "file:1:1:420:",
  };
  const { signatures, deleted } = makeIncremental(p, previous, "base.tar");
  assert.deepEqual(deleted, ["d/gone"]);
  assert.deepEqual(p.entries.map((x) => x.entry.path), [
    INCREMENTAL_MEMBER,
    "d",
    "d/changed",
    "d/new",
    "d/link-a", // unchanged, but its new hardlink needs it
    "d/link-b",
  ]);
  assert.deepEqual(JSON.parse(new TextDecoder().decode(p.entries[0].content)), {
    base: "base.tar",
    deleted: ["d/gone"],
  });
  assert.equal(Object.keys(signatures).length, 6);
  assert.equal(p.totals.files, 3);
  assert.equal(p.totals.bytes, 9);
});

const chain: ChainLink[] = [
  { archive: "f1", kind: "full", time: "2026-01-01T00:00:00Z" },
  { archive: "i1", kind: "incremental", time: "2026-01-02T00:00:00Z" },
  { archive: "f2", kind: "full", time: "2026-01-03T00:00:00Z" },
  { archive: "i2", kind: "incremental", time: "2026-01-04T00:00:00Z" },
  { archive: "i3", kind: "incremental", time: "2026-01-05T00:00:00Z" },
];

Deno.test("chainOf lists what an archive needs, back to its full one", () => {
  assert.deepEqual(chainOf(chain, "i3").map((l) => l.archive), ["f2", "i2", "i3"]);
  assert.deepEqual(chainOf(chain, "f1").map((l) => l.archive), ["f1"]);
  assert.deepEqual(chainOf(chain, "nope"), []);
});

Deno.test("needsFull after a count, a duration, or a broken chain", () => {
  const state = { version: 1 as const, chain, files: {} };
  const now = new Date("2026-01-06T00:00:00Z");
  const all = () => true;
  assert.equal(needsFull(undefined, 3, now, all), true);
  assert.equal(needsFull(state, 3, now, all), false, "two incrementals since f2");
  assert.equal(needsFull(state, 2, now, all), true);
  assert.equal(needsFull(state, "2d", now, all), true, "f2 is three days old");
  assert.equal(needsFull(state, "7d", now, all), false);
  assert.equal(needsFull(state, "7d", now, (a) => a !== "i2"), true, "a missing link");
});
