import assert from "node:assert/strict";
import { findOnPath } from "./find_on_path.ts";

Deno.test("findOnPath takes the first executable of the name, skipping what can't run", () => {
  const a = Deno.makeTempDirSync();
  const b = Deno.makeTempDirSync();
  Deno.writeTextFileSync(`${a}/tool`, "not executable", { mode: 0o644 });
  Deno.chmodSync(`${a}/tool`, 0o644);
  Deno.writeTextFileSync(`${b}/tool`, "#!/bin/sh\n", { mode: 0o755 });
  Deno.chmodSync(`${b}/tool`, 0o755);
  assert.equal(findOnPath("tool", `${a}::${b}`), `${b}/tool`);
  assert.equal(findOnPath("other", `${a}:${b}`), null);
});
