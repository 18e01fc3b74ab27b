import assert from "node:assert/strict";
import { baseName, dirOf, resolvePath } from "./paths.ts";

Deno.test("baseName returns the last part of a path", () => {
  assert.equal(baseName("/a/b/c.tar"), "c.tar");
  assert.equal(baseName("c.tar"), "c.tar");
});

Deno.test("dirOf returns the directory part of a path", () => {
  assert.equal(dirOf("/a/b/c.tar"), "/a/b");
  assert.equal(dirOf("/c.tar"), "/");
});

Deno.test("resolvePath joins relative paths and normalises . and ..", () => {
  assert.equal(resolvePath("/a/b", "./c/../d"), "/a/b/d");
  assert.equal(resolvePath("/a/b", "/x/./y/"), "/x/y");
  assert.equal(resolvePath("/a", "../../.."), "/");
  assert.equal(resolvePath("/a", "."), "/a");
});
