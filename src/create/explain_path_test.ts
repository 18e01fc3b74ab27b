import assert from "node:assert/strict";
import { RuleSet } from "../rules/rule_set.ts";
import { makeEntryFilter } from "./entry_filter.ts";
import { explainPath } from "./explain_path.ts";

Deno.test("explainPath reports the rule, the excluded directory above, or that it is outside", () => {
  const d = Deno.makeTempDirSync();
  Deno.mkdirSync(`${d}/proj/logs`, { recursive: true });
  Deno.writeTextFileSync(`${d}/proj/logs/important.log`, "");
  Deno.writeTextFileSync(`${d}/proj/main.ts`, "");
  const filter = makeEntryFilter({
    rules: new RuleSet().add("", [
      { pattern: "logs/", origin: "jobs.p.exclude[0]" },
      { pattern: "!logs/important.log", origin: "jobs.p.include[0]" },
    ]),
  });
  assert.deepEqual(explainPath("proj/logs/important.log", ["proj"], d, filter), {
    archivePath: "proj/logs/important.log",
    included: false,
    rule: { pattern: "logs/", origin: "jobs.p.exclude[0]" },
    via: "proj/logs",
  });
  assert.deepEqual(explainPath(`${d}/proj/main.ts`, ["proj"], d, filter), {
    archivePath: "proj/main.ts",
    included: true,
    rule: undefined,
  });
  assert.deepEqual(explainPath("elsewhere/x", ["proj"], d, filter), {
    included: false,
    outside: true,
  });
});
