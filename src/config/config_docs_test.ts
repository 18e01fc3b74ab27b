import assert from "node:assert/strict";
import { jobSchema } from "./schema.ts";
import { renderConfigDocs } from "./config_docs.ts";

Deno.test("docs/config.md is what the schema generates (run `deno task docs` if not)", () => {
  const current = Deno.readTextFileSync(new URL("../../docs/config.md", import.meta.url));
  assert.equal(current, renderConfigDocs());
});

Deno.test("renderConfigDocs documents every job key", () => {
  const doc = renderConfigDocs();
  for (const key of Object.keys(jobSchema.shape)) assert.ok(doc.includes(`| \`${key}\` |`), key);
});
