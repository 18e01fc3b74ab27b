import assert from "node:assert/strict";
import { TarzError, UsageError } from "../errors.ts";
import { cliHint } from "./hints.ts";

Deno.test("cliHint says a remedy with the CLI's flag, and keeps other hints as they are", () => {
  const exists = new UsageError("Cannot write a.tar: it exists", "allow overwriting", {
    remedy: "overwrite",
  });
  assert.equal(cliHint(exists), "pass --force to overwrite it");
  const jobs = new UsageError("c.ts has 2 jobs; say which", "its jobs: a, b", {
    remedy: "job-name",
  });
  assert.equal(cliHint(jobs), "pass --job NAME; its jobs: a, b");
  assert.equal(cliHint(new TarzError("Disk full", 1, "free some space")), "free some space");
});

/** Where a library module outside src/cli words an error with a CLI flag. */
function flagsInErrors(src: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const e of Deno.readDirSync(dir)) {
      const p = `${dir}${e.name}`;
      if (e.isDirectory && e.name !== "cli") walk(`${p}/`);
      else if (e.isFile && p.endsWith(".ts") && !p.endsWith("_test.ts")) {
        const text = Deno.readTextFileSync(p);
        // each construction of an error, up to the end of its statement
        for (const m of text.matchAll(/(?:new \w*Error|super)\(([^;]*?)\);/gs)) {
          if (/--[a-z]|"-[A-Za-z] |the -[A-Za-z] /.test(m[1])) {
            found.push(`${p.slice(src.length)}: ${m[1].trim().slice(0, 80)}`);
          }
        }
      }
    }
  };
  walk(src);
  return found;
}

Deno.test("no library error outside src/cli names a CLI flag in its words", () => {
  const found = flagsInErrors(new URL("../", import.meta.url).pathname);
  assert.deepEqual(found, [], "say the remedy with a Remedy; src/cli/hints.ts words it");
});
