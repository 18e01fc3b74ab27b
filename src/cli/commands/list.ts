/**
 * `tarz list`: names, a `tar -tv` long listing, or JSON.
 * @module
 */
import type { Command } from "@commander-js/extra-typings";
import { entryToJson, formatLong } from "../../read/entry_view.ts";
import { identitiesFrom, identityOption } from "../shared_options.ts";
import { print } from "../output.ts";

/** Adds the `list` command to `program`. */
export function addListCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command("list")
    .alias("t")
    .description("list the members of an archive (checks every header on the way)")
    .argument("<archive>", 'archive to read ("-" for standard input)')
    .option("-v, --verbose", "long listing, like tar -tv")
    .option("--json", "one JSON object per member (name, type, size, mode, mtime, ids, link)")
    .option("-I, --use-compress-program <cmd>", "decompress through this command (run with -d)")
    .addOption(identityOption())
    .addHelpText(
      "after",
      `
Examples:
  tarz list backup.tar.zst
  tarz list -v src.tgz
  tarz list --json src.tgz | jq -r 'select(.type == "file") | .name'`,
    )
    .action(async (archive, opts) => {
      const { listArchive } = await import("../../read/list_archive.ts");
      const lines: string[] = [];
      const flush = () => {
        if (lines.length) print(lines.join("\n"));
        lines.length = 0;
      };
      await listArchive(
        archive,
        (e) => {
          lines.push(
            opts.json
              ? JSON.stringify(entryToJson(e))
              : opts.verbose
              ? formatLong(e)
              : e.type === "directory"
              ? `${e.path}/`
              : e.path,
          );
          if (lines.length >= 512) flush();
        },
        opts.useCompressProgram,
        identitiesFrom(opts.identity),
      ).finally(flush);
      setExit(0);
    });
}
