import assert from "node:assert/strict";
import { applyPax, checkNameSizes, paxInt } from "./pax_meta.ts";
import { makeEntry } from "./entry.ts";
import { TarFormatError } from "./tar_format_error.ts";

Deno.test("applyPax sets path, link, times and ids from the attributes", () => {
  const e = makeEntry({ path: "short", type: "symlink" });
  applyPax(
    e,
    new Map([["path", "a/long/name"], ["linkpath", "t"], ["mtime", "-1.5"], ["uid", "70000"]]),
    0,
  );
  assert.deepEqual([e.path, e.linkname, e.mtime, e.uid], ["a/long/name", "t", -1.5, 70000]);
});

Deno.test("paxInt refuses what is not a whole number, at the header's offset", () => {
  assert.equal(paxInt("42", "size", 0), 42);
  assert.throws(
    () => paxInt("4x2", "size", 512),
    (e) => e instanceof TarFormatError && e.offset === 512,
  );
});

Deno.test("checkNameSizes refuses a name longer than the limit", () => {
  assert.throws(() => checkNameSizes([["path", "x".repeat(11)]], 10, 0), /10/);
  checkNameSizes([["comment", "x".repeat(11)]], 10, 0); // not a name: only maxMetaSize bounds it
});
