/**
 * The shared conformance harness, run by .ci/run (and `deno task conformance`) when a
 * conformance tree is given: `deno run -A .ci/conformance.ts DIR`. Every hostile and
 * edge-case archive, extracted and listed by the real CLI, with the size-limit runs; every
 * class must score zero failures. The repo's own fixtures (tests/fixtures/) run in the test
 * suite; this is the extra check against a corpus that lives outside the repo.
 * Also: tarz lists every libarchive test archive without crashing, and lists the same
 * members as GNU tar or bsdtar wherever one of them lists it cleanly (names that are not
 * UTF-8 aside: tarz shows them with replacement characters; and bsdtar's empty listings of
 * junk files, which GNU tar and tarz refuse, do not count as clean).
 */
import assert from "node:assert/strict";
import { has, run, tempDir } from "../tests/_helpers.ts";

const SHARED = `${Deno.args[0] ?? new URL("../../shared/conformance", import.meta.url).pathname}/`;
const MAIN = new URL("../main.ts", import.meta.url).pathname;
const TARZ = `${Deno.execPath()} run -A ${MAIN}`;
const available = (() => {
  try {
    return Deno.statSync(`${SHARED}check_extractor.sh`).isFile;
  } catch {
    return false;
  }
})();

const checks: [string, boolean, () => Promise<void>][] = [];

checks.push(["the conformance harness scores zero failures in every class", available, async () => {
  const out = `${tempDir()}/result.json`;
  const r = await run([
    "bash",
    `${SHARED}check_extractor.sh`,
    `${TARZ} extract --progress none {archive} -C {dest}`,
    "--limit-cmd",
    `${TARZ} extract --progress none {archive} -C {dest} --max-bytes {max_bytes}`,
    "--list-cmd",
    `${TARZ} list --json {archive}`,
    "--list-json",
    "--json",
    out,
    "--label",
    "tarz",
  ]);
  const result = JSON.parse(Deno.readTextFileSync(out));
  const failed = result.results.filter((c: { result: string }) => c.result !== "PASS");
  assert.deepEqual(
    failed.map((c: { case: string; failures: unknown }) => [c.case, c.failures]),
    [],
    r.stdout.split("\n").filter((l) => l.startsWith("FAIL")).join("\n"),
  );
  assert.deepEqual(Object.values(result.by_class), [0, 0, 0, 0, 0]);
  assert.ok(result.runs > 150);
}]);

checks.push([
  "tarz lists every libarchive test archive like GNU tar or bsdtar, and never crashes",
  available && has("bsdtar"),
  async () => {
    const dir = `${SHARED}libarchive/files`;
    const problems: string[] = [];
    for (const e of [...Deno.readDirSync(dir)].sort((a, b) => a.name < b.name ? -1 : 1)) {
      const f = `${dir}/${e.name}`;
      const ours = await run([Deno.execPath(), "run", "-A", MAIN, "list", f]);
      if (/bug in tarz|\n\s+at /.test(ours.stderr)) {
        problems.push(`${e.name}: crashed: ${ours.stderr}`);
      }
      if (ours.stdout.includes("\uFFFD")) continue; // non-UTF-8 names
      const norm = (s: string) =>
        s.trim().split("\n").map((l) => l.replace(/\/$/, "")).filter((l) => l !== "" && l !== ".");
      const matches: boolean[] = [];
      let anyClean = false;
      for (const tool of ["tar", "bsdtar"]) {
        const theirs = await run([tool, "-tf", f]);
        // a clean listing: exit 0, and for bsdtar at least one member (it reads junk as empty)
        if (theirs.code !== 0 || (tool === "bsdtar" && norm(theirs.stdout).length === 0)) continue;
        anyClean = true;
        matches.push(JSON.stringify(norm(theirs.stdout)) === JSON.stringify(norm(ours.stdout)));
      }
      if (anyClean && ours.code !== 0) {
        problems.push(`${e.name}: tarz failed: ${ours.stderr.trim()}`);
      } else if (anyClean && !matches.includes(true)) problems.push(`${e.name}: members differ`);
    }
    assert.deepEqual(problems, []);
  },
]);

let failed = 0;
for (const [name, can, check] of checks) {
  if (!can) {
    console.log(`skip  ${name} (no conformance tree at ${SHARED}, or no bsdtar)`);
    continue;
  }
  try {
    await check();
    console.log(`ok    ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL  ${name}\n${(e as Error).message}`);
  }
}
Deno.exit(failed ? 1 : 0);
