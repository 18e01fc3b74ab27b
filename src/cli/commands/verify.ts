/**
 * `tarz verify`: decode everything, optionally compare with a directory.
 * @module
 */
import type { Command } from "@commander-js/extra-typings";
import { readManifest } from "../../read/manifest_file.ts";
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
    .option(
      "--manifest [file]",
      "check every file's sha256 against a manifest (default: <archive>.manifest.json)",
    )
    .option("-I, --use-compress-program <cmd>", "decompress through this command (run with -d)")
    .option("--json", "print the result as JSON on standard output")
    .addHelpText(
      "after",
      `
Examples:
  tarz verify backup.tar.zst
  tarz verify src.tgz --against src/..
  tarz verify backups/home-2026-11-25.tar.zst --manifest`,
    )
    .action(async (archive, opts) => {
      const manifestPath = opts.manifest === true ? `${archive}.manifest.json` : opts.manifest;
      const s = await verifyArchive(archive, {
        against: opts.against,
        program: opts.useCompressProgram,
        manifest: manifestPath ? readManifest(manifestPath).files : undefined,
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
