import assert from "node:assert/strict";
import { buildProgram } from "./main.ts";
import { completionSpec } from "./completion_spec.ts";

Deno.test("completionSpec reads commands, aliases, choices and argument kinds from the CLI", () => {
  const specs = completionSpec(buildProgram(() => {}));
  const extract = specs.find((s) => s.names[0] === "extract")!;
  assert.deepEqual(extract.names, ["extract", "x"]);
  assert.equal(extract.args, "archive");
  const overwrite = extract.options.find((o) => o.flags.includes("--overwrite"))!;
  assert.deepEqual(overwrite.choices, ["never", "newer", "always"]);
  assert.equal(extract.options.find((o) => o.flags.includes("-C"))!.value, "dir");
  assert.equal(specs.find((s) => s.names[0] === "restore")!.args, "job");
  assert.ok(!specs.some((s) => s.names[0] === "__jobs"), "hidden commands stay hidden");
});
