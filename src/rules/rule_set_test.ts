import assert from "node:assert/strict";
import { RuleSet, rulesFromText } from "./rule_set.ts";

const job = (patterns: string[]) =>
  patterns.map((pattern, i) => ({ pattern, origin: `jobs.home.exclude[${i}]` }));

Deno.test("RuleSet: an unanchored pattern matches at any depth, an anchored one at the root", () => {
  const rules = new RuleSet().add("", job(["*.log", "/build", "docs/tmp"]));
  assert.equal(rules.decide("a.log", false).included, false);
  assert.equal(rules.decide("deep/er/a.log", false).included, false);
  assert.equal(rules.decide("build", true).included, false);
  assert.equal(rules.decide("src/build", true).included, true, "/build is anchored");
  assert.equal(rules.decide("docs/tmp", true).included, false);
  assert.equal(rules.decide("x/docs/tmp", true).included, true, "a slash anchors the pattern");
});

Deno.test("RuleSet: a trailing slash matches directories only", () => {
  const rules = new RuleSet().add("", job(["cache/"]));
  assert.equal(rules.decide("cache", true).included, false);
  assert.equal(rules.decide("cache", false).included, true);
});

Deno.test("RuleSet: ** matches any number of directories", () => {
  const rules = new RuleSet().add("", job(["a/**/z.txt", "**/gen"]));
  assert.equal(rules.decide("a/z.txt", false).included, false);
  assert.equal(rules.decide("a/b/c/z.txt", false).included, false);
  assert.equal(rules.decide("x/y/gen", true).included, false);
});

Deno.test("RuleSet: the last matching rule wins and names its origin", () => {
  const rules = new RuleSet().add("", job(["*.log", "!keep.log"]));
  assert.deepEqual(rules.decide("keep.log", false), {
    included: true,
    rule: { pattern: "!keep.log", origin: "jobs.home.exclude[1]" },
  });
  assert.equal(rules.decide("other.log", false).rule?.origin, "jobs.home.exclude[0]");
  assert.deepEqual(rules.decide("a.txt", false), { included: true });
});

Deno.test("RuleSet: a negated pattern cannot bring back a file under an excluded directory", () => {
  const rules = new RuleSet().add("", job(["logs/", "!logs/important.log"]));
  const d = rules.explain("logs/important.log", false);
  assert.equal(d.included, false);
  assert.equal(d.via, "logs");
  assert.equal(d.rule?.pattern, "logs/");
});

Deno.test("RuleSet: a deeper .gitignore wins over the rules above it", () => {
  const rules = new RuleSet()
    .add("", rulesFromText("*.tmp\n", ".gitignore"))
    .add("sub", rulesFromText("# keep these\n!*.tmp\n", "sub/.gitignore"));
  assert.equal(rules.decide("a.tmp", false).included, false);
  assert.deepEqual(rules.decide("sub/a.tmp", false), {
    included: true,
    rule: { pattern: "!*.tmp", origin: "sub/.gitignore:2" },
  });
});

Deno.test("RuleSet: patterns in a nested .gitignore are relative to its directory", () => {
  const rules = new RuleSet().add("pkg", rulesFromText("/dist\n", "pkg/.gitignore"));
  assert.equal(rules.decide("pkg/dist", true).included, false);
  assert.equal(rules.decide("dist", true).included, true);
  assert.equal(rules.decide("pkg/x/dist", true).included, true);
});
