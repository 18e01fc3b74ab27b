import assert from "node:assert/strict";
import { compileExcludes } from "../rules/exclude_rules.ts";
import { SourceNotFoundError, walk } from "./walker.ts";

function tree(): string {
  const d = Deno.makeTempDirSync();
  Deno.mkdirSync(`${d}/b/inner`, { recursive: true });
  Deno.writeTextFileSync(`${d}/b/inner/x.txt`, "x");
  Deno.writeTextFileSync(`${d}/a.log`, "a");
  Deno.writeTextFileSync(`${d}/c.txt`, "c");
  Deno.symlinkSync("c.txt", `${d}/link`);
  return d;
}

Deno.test("walk visits depth-first in byte order, each directory before its contents", () => {
  const d = tree();
  assert.deepEqual(walk(["."], { cwd: d }).map((i) => i.archivePath), [
    "a.log",
    "b",
    "b/inner",
    "b/inner/x.txt",
    "c.txt",
    "link",
  ]);
});

Deno.test("walk stores symlinks unless dereferencing", () => {
  const d = tree();
  const plain = walk(["link"], { cwd: d })[0];
  assert.equal(plain.type, "symlink");
  assert.equal(plain.linkTarget, "c.txt");
  assert.equal(walk(["link"], { cwd: d, dereference: true })[0].type, "file");
});

Deno.test("walk skips excluded paths without descending and reports the rule", () => {
  const d = tree();
  const excluded: string[] = [];
  const items = walk(["."], {
    cwd: d,
    exclude: compileExcludes([{ pattern: "b", origin: "t" }, { pattern: "*.log", origin: "t" }]),
    onExcluded: (p, r) => excluded.push(`${p}:${r.pattern}`),
  });
  assert.deepEqual(items.map((i) => i.archivePath), ["c.txt", "link"]);
  assert.deepEqual(excluded, ["a.log:*.log", "b:b"]);
});

Deno.test("walk throws SourceNotFoundError for a missing source", () => {
  assert.throws(() => walk(["nope"], { cwd: tree() }), SourceNotFoundError);
});
