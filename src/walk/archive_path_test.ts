import assert from "node:assert/strict";
import { joinPath, toArchivePath } from "./archive_path.ts";

Deno.test("toArchivePath strips leading slashes and dot-dots with a note, and drops ./", () => {
  assert.deepEqual(toArchivePath("src/a"), { path: "src/a" });
  assert.deepEqual(toArchivePath("./src//a/"), { path: "src/a" });
  assert.equal(toArchivePath(".").path, "");
  const abs = toArchivePath("/etc/hosts");
  assert.equal(abs.path, "etc/hosts");
  assert.match(abs.note!, /leading "\/"/);
  const up = toArchivePath("../x/y");
  assert.equal(up.path, "x/y");
  assert.match(up.note!, /\.\./);
});

Deno.test("joinPath joins with exactly one slash", () => {
  assert.equal(joinPath(".", "a"), "a");
  assert.equal(joinPath("d/", "a"), "d/a");
  assert.equal(joinPath("d", "a"), "d/a");
});
