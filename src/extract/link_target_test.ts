import assert from "node:assert/strict";
import { checkLinkTarget } from "./link_target.ts";

const dirs = (...known: string[]) => (parts: string[]) => known.includes(parts.join("/"));

Deno.test("checkLinkTarget accepts targets that stay inside", () => {
  assert.equal(checkLinkTarget(["a", "l"], "../b", dirs("a")), null);
  assert.equal(checkLinkTarget(["l"], "sub/file", dirs()), null);
  assert.equal(checkLinkTarget(["a", "b", "l"], "../../x", dirs()), null);
  assert.equal(checkLinkTarget(["l"], "d/../x", dirs("d")), null);
});

Deno.test("checkLinkTarget refuses absolute, drive-relative and escaping targets", () => {
  assert.match(checkLinkTarget(["l"], "/etc", dirs())!, /absolute/);
  assert.match(checkLinkTarget(["l"], "C:../x", dirs())!, /drive/);
  assert.match(checkLinkTarget(["l"], "../x", dirs())!, /outside/);
  assert.match(checkLinkTarget(["a", "l"], "../../x", dirs("a"))!, /outside/);
});

Deno.test("checkLinkTarget reads a backslash as part of a name, never as a separator", () => {
  // "a\\b" is one directory beside "a/b": climbing out of it twice leaves the destination
  const tree = dirs("a", "a/b", "a\\b");
  assert.match(checkLinkTarget(["l"], "a\\b/../../victim", tree)!, /outside/);
  assert.equal(checkLinkTarget(["l"], "a\\b/../victim", tree), null);
  // and a name that merely starts with one is relative
  assert.equal(checkLinkTarget(["l"], "..\\x", dirs()), null);
  assert.equal(checkLinkTarget(["l"], "\\etc", dirs()), null);
});

Deno.test("checkLinkTarget refuses .. after a part that is not a real directory yet", () => {
  // "current" may be a link to "." later; "current/.." must not be trusted
  assert.match(checkLinkTarget(["parent"], "current/..", dirs())!, /not a directory yet/);
  assert.equal(checkLinkTarget(["parent"], "current/..", dirs("current")), null);
});
