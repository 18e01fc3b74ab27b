import assert from "node:assert/strict";
import { OwnerIds, parseIdTable } from "./owner_ids.ts";

Deno.test("parseIdTable reads name and id, skips comments and broken lines, first name wins", () => {
  const t = parseIdTable("a:x:1:1::/:/bin/sh\n#b:x:2\nbroken\nc:x:-4:0\nd:x::0\na:x:9:9\n");
  assert.deepEqual([...t], [["a", 1]]);
});

Deno.test("OwnerIds takes this system's id for a known name, the header's id otherwise", () => {
  const ids = new OwnerIds();
  assert.equal(ids.uidOf("root", 4321), 0);
  assert.equal(ids.gidOf("root", 8765), 0);
  assert.equal(ids.uidOf("no-such-user-here", 4321), 4321);
  assert.equal(ids.uidOf("", 4321), 4321);
});
