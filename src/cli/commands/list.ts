/**
 * `tarz list`: names, a `tar -tv` long listing, or JSON.
 * @module
 */
import type { Command } from "@commander-js/extra-typings";
import { entryToJson, formatLong, listedName } from "../../read/entry_view.ts";
import { archiveAndMembers, identitiesFrom, identityOption } from "../shared_options.ts";
import { print, warn } from "../output.ts";
import { ExitCode } from "../../errors.ts";
import { memberMatcher } from "../../rules/member_match.ts";

/** Adds the `list` command to `program`. */
export function addListCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command("list")
    .alias("t")
    .description("list the members of an archive (checks every header on the way)")
    .argument("[archive]", 'archive to read ("-" for standard input)')
    .argument(
      "[members...]",
      "only these members: names (a directory with its contents) or wildcards",
    )
    .option("-f, --file <archive>", "the archive, as in GNU tar (then every argument is a member)")
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
  tarz list src.tgz 'src/*.json'
  tarz list --json src.tgz | jq -r 'select(.type == "file") | .name'`,
    )
    .action(async (first, rest, opts) => {
      const { listArchive } = await import("../../read/list_archive.ts");
      const { archive, members } = archiveAndMembers(first, rest, opts.file);
      const selected = members.length ? memberMatcher(members) : undefined;
      const lines: string[] = [];
      const flush = () => {
        if (lines.length) print(lines.join("\n"));
        lines.length = 0;
      };
      await listArchive(archive, {
        onEntry: (e) => {
          if (selected && !selected.matches(e.path.replace(/^\/+/, ""))) return;
          lines.push(
            opts.json
              ? JSON.stringify(entryToJson(e))
              : opts.verbose
              ? formatLong(e)
              : listedName(e),
          );
          if (lines.length >= 512) flush();
        },
        program: opts.useCompressProgram,
        identities: identitiesFrom(opts.identity),
        namesOnly: !opts.json && !opts.verbose,
      }).finally(flush);
      for (const m of selected?.unmatched() ?? []) warn(`${m}: not found in the archive`);
      setExit(selected?.unmatched().length ? ExitCode.partial : ExitCode.ok);
    });
}
