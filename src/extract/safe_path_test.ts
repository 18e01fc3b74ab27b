import assert from "node:assert/strict";
import { safeMode, sanitizePath } from "./safe_path.ts";

Deno.test("sanitizePath strips leading slashes", () => {
  const cases = [["/etc/passwd", "etc/passwd"], ["///x/y", "x/y"], [
    "//srv/a",
    "srv/a",
  ]];
  for (const [name, want] of cases) {
    const r = sanitizePath(name);
    assert.ok(r.ok, name);
    assert.equal(r.parts.join("/"), want, name);
    assert.equal(r.stripped, true, name);
  }
});

Deno.test("sanitizePath refuses dot-dot parts, and NUL bytes", () => {
  for (const name of ["../x", "a/../../x", "a/..", "/../x", "x\0y"]) {
    assert.equal(sanitizePath(name).ok, false, name);
  }
});

Deno.test("sanitizePath splits on / alone: a backslash is part of a name, as on POSIX", () => {
  const cases = [
    ["..\\x", ["..\\x"]],
    ["a\\..\\b", ["a\\..\\b"]],
    ["\\etc/x", ["\\etc", "x"]],
    ["C:\\x", ["C:\\x"]],
    ["C:../x", ["C:..", "x"]],
    [
      "a\\b/c",
      ["a\\b", "c"],
    ],
  ];
  for (const [name, parts] of cases) {
    const r = sanitizePath(name as string);
    assert.ok(r.ok, name as string);
    assert.deepEqual(r.parts, parts, name as string);
  }
});

Deno.test("sanitizePath strips components and caps depth", () => {
  const r = sanitizePath("top/a/b", { stripComponents: 1 });
  assert.ok(r.ok && r.parts.join("/") === "a/b");
  const gone = sanitizePath("top", { stripComponents: 1 });
  assert.ok(gone.ok && gone.parts.length === 0);
  assert.equal(sanitizePath("a/".repeat(20) + "f", { maxDepth: 10 }).ok, false);
});

Deno.test("safeMode clears setuid, setgid, sticky and group/other write", () => {
  assert.equal(safeMode(0o4777, false), 0o755);
  assert.equal(safeMode(0o1777, true), 0o755);
  assert.equal(safeMode(0o000, false), 0o400);
  assert.equal(safeMode(0o640, false), 0o640);
});
