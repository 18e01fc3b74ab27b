import assert from "node:assert/strict";
import { HookRunner } from "../plugin/hook_runner.ts";
import { RuleSet } from "../rules/rule_set.ts";
import { walk } from "../walk/walker.ts";
import { makeEntryFilter } from "./entry_filter.ts";

function tree(): string {
  const d = Deno.makeTempDirSync();
  Deno.mkdirSync(`${d}/src/cache/deep`, { recursive: true });
  Deno.writeTextFileSync(
    `${d}/src/cache/CACHEDIR.TAG`,
    "Signature: 8a477f597d28d172789f06886806bc55\n# a cache\n",
  );
  Deno.writeTextFileSync(`${d}/src/cache/deep/blob`, "x");
  Deno.mkdirSync(`${d}/src/fake-cache`);
  Deno.writeTextFileSync(`${d}/src/fake-cache/CACHEDIR.TAG`, "not the signature");
  Deno.writeTextFileSync(`${d}/src/a.log`, "log");
  Deno.writeTextFileSync(`${d}/src/keep.log`, "log");
  Deno.writeTextFileSync(`${d}/src/app.ts`, "ts");
  return d;
}

Deno.test("makeEntryFilter returns nothing when nothing could decide", () => {
  assert.equal(makeEntryFilter({}), undefined);
});

Deno.test("rules, then CACHEDIR.TAG, then plugins decide; the walk applies them", () => {
  const d = tree();
  const rules = new RuleSet().add("", [
    { pattern: "*.log", origin: "jobs.t.exclude[0]" },
    { pattern: "!keep.log", origin: "jobs.t.include[0]" },
  ]);
  const plugins = new HookRunner([{
    name: "no-ts",
    filterEntry: (
      e,
    ) => (e.path.endsWith(".ts") ? false : e.path.endsWith(".log") ? true : undefined),
  }], () => {});
  const why: string[] = [];
  const items = walk(["src"], {
    cwd: d,
    filter: makeEntryFilter({ rules, excludeCaches: true, plugins }),
    onExcluded: (p, r) => why.push(`- ${p} ${r.origin}`),
    onIncluded: (p, r) => why.push(`+ ${p} ${r.origin}`),
  });
  assert.deepEqual(items.map((i) => i.archivePath), [
    "src",
    "src/cache",
    "src/cache/CACHEDIR.TAG",
    "src/fake-cache",
    "src/fake-cache/CACHEDIR.TAG",
    "src/keep.log",
  ]);
  assert.deepEqual(why, [
    "- src/a.log jobs.t.exclude[0]",
    "- src/app.ts plugins",
    "- src/cache/deep excludeCaches",
    "+ src/keep.log jobs.t.include[0]",
  ]);
});
