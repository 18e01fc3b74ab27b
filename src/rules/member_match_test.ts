import assert from "node:assert/strict";
import { memberMatcher, normaliseMember } from "./member_match.ts";

Deno.test("memberMatcher takes a named member and everything inside a named directory", () => {
  const m = memberMatcher(["./docs/", "a.txt"]);
  assert.ok(m.matches("docs"));
  assert.ok(m.matches("docs/x/y.md"));
  assert.ok(m.matches("./a.txt"));
  assert.ok(!m.matches("docsx/y"), "a prefix that is not a directory is not a match");
  assert.ok(!m.matches("sub/a.txt"), "a name without wildcards is the whole path");
  assert.deepEqual(m.literals, ["docs", "a.txt"]);
});

Deno.test("memberMatcher wildcards: * crosses /, ?, classes, and \\ quotes", () => {
  const m = memberMatcher(["*.txt", "img/?.png", "[ab]*.md", "[!x]y", "lit\\*"]);
  assert.ok(m.matches("deep/down/n.txt"));
  assert.ok(m.matches("img/1.png") && !m.matches("img/12.png"));
  assert.ok(m.matches("a1.md") && m.matches("b/c.md") && !m.matches("c.md"));
  assert.ok(m.matches("zy") && !m.matches("xy"));
  assert.ok(m.matches("lit*") && !m.matches("litz"));
  assert.deepEqual(m.literals, ["lit*"]);
});

Deno.test("memberMatcher reports the arguments that matched nothing", () => {
  const m = memberMatcher(["a", "b*", "c"]);
  m.matches("a/1");
  m.matches("bee");
  assert.deepEqual(m.unmatched(), ["c"]);
});

Deno.test("memberMatcher stays linear on long names with many stars", () => {
  const m = memberMatcher(["*a*a*a*a*a*a*b"]);
  const long = "a".repeat(20_000);
  assert.equal(m.matches(long), false); // would take minutes if stars backtracked badly
});

Deno.test("normaliseMember drops ./ before and / after, keeps /", () => {
  assert.equal(normaliseMember("././a/b//"), "a/b");
  assert.equal(normaliseMember("/"), "/");
});
