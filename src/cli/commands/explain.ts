/**
 * `tarz explain PATH [--job NAME]`: is this path archived, and which rule decided?
 * @module
 */
import type { Command } from "@commander-js/extra-typings";
import { findConfig, loadConfig, pickJob } from "../../config/load_config.ts";
import { ExitCode } from "../../errors.ts";
import { tarzBuiltins } from "../builtins.ts";
import { resolvePath } from "../../util/paths.ts";
import { unquoteName } from "../../tar/name_bytes.ts";
import { tryStatName } from "../../walk/fs_names.ts";
import { print, warn } from "../output.ts";

/** Adds the `explain` command to `program`. */
export function addExplainCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command("explain")
    .description("say whether a path goes into a job's archive, and which rule decided")
    .argument("<paths...>", "paths on disk (relative to the working directory)")
    .option("--config <file>", "config to read (default: ./tarz.config.ts)")
    .option("--job <name>", "the job (default: the only one)")
    .option("--json", "one JSON object per path")
    .addHelpText(
      "after",
      `
Exit code: 0 when every path is included, 3 when any is excluded, missing or outside the sources.

Examples:
  tarz explain src/app.log --job home
  tarz explain node_modules/x/index.js build/out.js`,
    )
    .action(async (paths, opts) => {
      const { jobOptions } = await import("../../config/job_options.ts");
      const { makeEntryFilter } = await import("../../create/entry_filter.ts");
      const { explainPath } = await import("../../create/explain_path.ts");
      const loaded = await loadConfig(findConfig(opts.config), await tarzBuiltins());
      const [name, job] = pickJob(loaded, opts.job);
      const o = jobOptions(loaded, name, job, {}, warn);
      await o.plugins?.setup({ job: name, cwd: o.cwd!, output: o.output, warn });
      const filter = makeEntryFilter({
        rules: o.rules,
        excludeCaches: o.excludeCaches,
        plugins: o.plugins,
      });
      let allIn = true;
      for (const path of paths) {
        // `\ooo` is a byte: how a name that is not UTF-8 is named on the command line
        const full = resolvePath(Deno.cwd(), unquoteName(path));
        const x = explainPath(full, o.sources, o.cwd!, filter);
        const exists = tryStatName(full) !== null;
        allIn &&= x.included && exists;
        if (opts.json) {
          print(JSON.stringify({ path, job: name, exists, ...x }));
          continue;
        }
        if (!exists) {
          const would = x.outside
            ? "is not under any source"
            : x.included
            ? "would be included"
            : `would be excluded${x.rule ? ` by ${x.rule.pattern}  (${x.rule.origin})` : ""}`;
          print(`missing   ${path}: no such file or directory; if it were there, it ${would}`);
          continue;
        }
        if (x.outside) {
          print(
            `outside   ${path}: not under any source of job "${name}" (${o.sources.join(", ")})`,
          );
          continue;
        }
        const verdict = x.included ? "included" : "excluded";
        const rule = x.rule ? `${x.rule.pattern}  (${x.rule.origin})` : "no rule matched";
        const via = x.via ? ` because its directory ${x.via} is excluded:` : " by";
        print(
          x.rule || !x.included
            ? `${verdict.padEnd(9)} ${x.archivePath}${via} ${rule}`
            : `${verdict.padEnd(9)} ${x.archivePath} (no rule matched)`,
        );
      }
      setExit(allIn ? ExitCode.ok : ExitCode.partial);
    });
}
