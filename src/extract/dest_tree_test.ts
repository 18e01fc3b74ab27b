import assert from "node:assert/strict";
import { DestTree } from "./dest_tree.ts";

Deno.test("DestTree: names in a fresh directory are surely free until this run puts one there", () => {
  const t = new DestTree();
  assert.ok(t.isKnownDir(""), "the destination itself");
  t.created("a", "directory", true);
  t.markDir("a");
  assert.ok(t.surelyFree("a/x"));
  t.created("a/x", "file");
  assert.ok(!t.surelyFree("a/x"), "this run wrote it");
  assert.ok(!t.surelyFree("b/x"), "b is not a directory this run made");
  assert.ok(!t.surelyFree("top"), "the destination itself may hold anything");
});

Deno.test("DestTree: hardlinks may name files and hardlinks this run wrote, nothing else", () => {
  const t = new DestTree();
  t.created("f", "file");
  t.created("h", "hardlink");
  t.created("s", "symlink");
  assert.deepEqual(["f", "h", "s", "x"].map((k) => t.isOurFile(k)), [true, true, false, false]);
  t.forget("f");
  assert.equal(t.isOurFile("f"), false);
});

Deno.test("DestTree: directories are finished deepest first", () => {
  const t = new DestTree();
  const meta = { mode: 0o755, mtime: 0, uid: 0, gid: 0 };
  for (const k of ["a", "a/b/c", "a/b"]) t.setDirMeta(k, meta);
  assert.deepEqual(t.dirsToFinish().map(([k]) => k), ["a/b/c", "a/b", "a"]);
});
