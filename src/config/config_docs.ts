/**
 * Renders docs/config.md from the schema, so the reference cannot drift from what tarz
 * accepts. `deno task docs` writes it; config_docs_test.ts fails when it is stale.
 * @module
 */
import { describeSchema } from "./schema.ts";

/** The whole of docs/config.md. */
export function renderConfigDocs(): string {
  const out = [
    "# tarz.config.ts reference",
    "",
    "<!-- Generated from src/config/schema.ts by `deno task docs`; do not edit. -->",
    "",
    "A config file exports `defineConfig({ defaults, jobs })`. tarz finds it through",
    "`--config PATH`, or else as `./tarz.config.ts`; `tarz init` writes a commented starter.",
    "Relative paths in a job are relative to the config file's directory. Unknown keys are",
    'errors (with a "did you mean"), so a typo never silently does nothing.',
    "",
  ];
  for (const { section, keys } of describeSchema()) {
    out.push(`## \`${section}\``, "", "| key | type | required | meaning |", "|---|---|---|---|");
    for (const k of keys) {
      out.push(
        `| \`${k.key}\` | ${k.type.replaceAll("|", "\\|")} | ${k.required ? "yes" : "no"} | ${
          k.description.replaceAll("|", "\\|")
        } |`,
      );
    }
    out.push("");
  }
  out.push(
    "## Precedence",
    "",
    "Command-line flags win over the job's keys, which win over `defaults`. For what is",
    "included, see [rules.md](rules.md).",
    "",
  );
  return out.join("\n");
}

if (import.meta.main) {
  const path = new URL("../../docs/config.md", import.meta.url);
  Deno.writeTextFileSync(path, renderConfigDocs());
  console.log(`wrote ${path.pathname}`);
}
