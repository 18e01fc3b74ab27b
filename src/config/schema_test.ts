import assert from "node:assert/strict";
import type { z } from "zod";
import { type configSchema, describeSchema, jobSchema, type retentionSchema } from "./schema.ts";
import type { JobConfig, TarzConfig } from "./types.ts";

// Type level: the written-out types and the schema accept the same shapes.
type _Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type _JobInput = Omit<
  z.input<typeof jobSchema>,
  "plugins" | "format" | "retention" | "encrypt" | "incremental"
>;
const _jobMatches: _Same<
  Omit<Required<JobConfig>, "plugins" | "format" | "retention" | "encrypt" | "incremental">,
  Required<_JobInput>
> = true;
const _retentionMatches: _Same<
  Required<NonNullable<JobConfig["retention"]>>,
  Required<z.input<typeof retentionSchema>>
> = true;
const _configAccepts = (c: TarzConfig): z.input<typeof configSchema> =>
  c as z.input<typeof configSchema>;

Deno.test("describeSchema lists every key of defaults and jobs with a description", () => {
  const sections = describeSchema();
  assert.deepEqual(sections.map((s) => s.section), [
    "defaults",
    "jobs.<name>",
    "jobs.<name>.retention",
  ]);
  const job = sections[1].keys;
  assert.deepEqual(job.map((k) => k.key), Object.keys(jobSchema.shape));
  assert.ok(job.every((k) => k.description.length > 0), "every key is described");
  assert.deepEqual(job.find((k) => k.key === "sources"), {
    key: "sources",
    type: "string[]",
    required: true,
    description: "files and directories to archive",
  });
  assert.ok(_jobMatches && _retentionMatches && _configAccepts);
});
