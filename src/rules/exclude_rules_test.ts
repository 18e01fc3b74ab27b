import assert from "node:assert/strict";
import {
  compileExcludes,
  parseExcludeFile,
  PatternError,
  reversedRange,
  VCS_NAMES,
} from "./exclude_rules.ts";

Deno.test("compileExcludes matches slash-less globs by name at any depth", () => {
  const m = compileExcludes([{ pattern: "*.log", origin: "--exclude" }, {
    pattern: "node_modules",
    origin: "x:1",
  }]);
  assert.equal(m("a.log")?.pattern, "*.log");
  assert.equal(m("src/deep/b.log")?.pattern, "*.log");
  assert.equal(m("src/node_modules")?.origin, "x:1");
  assert.equal(m("src/a.ts"), undefined);
});

Deno.test("compileExcludes matches slashed globs on the path or a trailing part, and /-anchored ones only at the root", () => {
  const m = compileExcludes([{ pattern: "build/*.o", origin: "a" }, {
    pattern: "/top",
    origin: "b",
  }]);
  assert.ok(m("build/x.o"));
  assert.ok(m("proj/build/x.o"));
  assert.equal(m("build/sub/x.o"), undefined);
  assert.ok(m("top"));
  assert.equal(m("sub/top"), undefined);
});

Deno.test("compileExcludes matches dotfiles and ** across directories", () => {
  const m = compileExcludes([{ pattern: "cache/**", origin: "a" }, {
    pattern: ".env",
    origin: "b",
  }]);
  assert.ok(m("cache/a/b/c"));
  assert.ok(m("app/.env"));
});

Deno.test("compileExcludes rejects an unbalanced bracket", () => {
  assert.throws(() => compileExcludes([{ pattern: "[abc", origin: "--exclude" }]), PatternError);
});

Deno.test("parseExcludeFile skips comments and blanks and records line numbers", () => {
  assert.deepEqual(parseExcludeFile("# c\n\n*.tmp\n  dist/ \n", "ex.txt"), [
    { pattern: "*.tmp", origin: "ex.txt:3" },
    { pattern: "dist/", origin: "ex.txt:4" },
  ]);
  assert.ok(VCS_NAMES.includes(".git"));
});

Deno.test("compileExcludes refuses a backwards range, which would match nothing", () => {
  assert.throws(
    () => compileExcludes([{ pattern: "[z-a]", origin: "--exclude" }]),
    /the range z-a is backwards/,
  );
  assert.equal(reversedRange("a[a-z0-9]b[!x-y]"), undefined);
  assert.equal(reversedRange("\\[z-a]"), undefined, "an escaped bracket is no range");
});
