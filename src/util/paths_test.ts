import assert from "node:assert/strict";
import { resolvePath } from "./paths.ts";

Deno.test("resolvePath joins relative paths and normalises . and ..", () => {
  assert.equal(resolvePath("/a/b", "./c/../d"), "/a/b/d");
  assert.equal(resolvePath("/a/b", "/x/./y/"), "/x/y");
  assert.equal(resolvePath("/a", "../../.."), "/");
  assert.equal(resolvePath("/a", "."), "/a");
});
