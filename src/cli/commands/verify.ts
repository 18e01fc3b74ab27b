/**
 * `tarz verify`: decode everything, optionally compare with a directory.
 * @module
 */
import type { Command } from "@commander-js/extra-typings";
import { verifyArchive } from "../../read/verify_archive.ts";
import { ExitCode } from "../../errors.ts";
import { formatBytes } from "../../progress/format_units.ts";
import { print, say } from "../output.ts";

/** Adds the `verify` command to `program`. */
export function addVerifyCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command("verify")
    .description("check every header and checksum; with --against, compare with a directory")
    .argument("<archive>", 'archive to read ("-" for standard input)')
    .option("--against <dir>", "compare type, size, mode, mtime, link target and content")
    .option("-I, --use-compress-program <cmd>", "decompress through this command (run with -d)")
    .option("--json", "print the result as JSON on standard output")
    .addHelpText(
      "after",
      `
Examples:
  tarz verify backup.tar.zst
  tarz verify src.tgz --against src/..`,
    )
    .action(async (archive, opts) => {
      const s = await verifyArchive(archive, {
        against: opts.against,
        program: opts.useCompressProgram,
      });
      if (opts.json) print(JSON.stringify(s));
      else {
        for (const d of s.differences) print(`${d.path}: ${d.what}`);
        say(
          `${archive}: ${s.format}, ${s.entries} members, ${formatBytes(s.bytes)} of data: ` +
            (s.differences.length ? `${s.differences.length} differences` : "OK"),
        );
      }
      setExit(s.differences.length ? ExitCode.failed : ExitCode.ok);
    });
}
