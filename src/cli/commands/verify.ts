/**
 * `tarz verify`: decode everything, optionally compare with a directory.
 * @module
 */
import type { Command } from "@commander-js/extra-typings";
import { findConfig, loadConfig, pickJob } from "../../config/load_config.ts";
import { tarzBuiltins } from "../builtins.ts";
import { ExitCode, UsageError } from "../../errors.ts";
import { formatBytes } from "../../progress/format_units.ts";
import { identitiesFrom, identityOption } from "../shared_options.ts";
import { print, say } from "../output.ts";

/** Adds the `verify` command to `program`. */
export function addVerifyCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command("verify")
    .description("check every header and checksum; with --against, compare with a directory")
    .argument("[archive]", 'archive to read ("-" for standard input)')
    .option("--against <dir>", "compare type, size, mode, mtime, link target and content")
    .option(
      "--manifest [file]",
      "check every file's sha256 against a manifest (default: <archive>.manifest.json)",
    )
    .option("--job <name>", "verify the job's newest archive against its manifest")
    .option("--config <file>", "config for --job (default: ./tarz.config.ts)")
    .option("--against-sources", "with --job: also compare with the job's sources on disk")
    .option("-I, --use-compress-program <cmd>", "decompress through this command (run with -d)")
    .addOption(identityOption())
    .option("--json", "print the result as JSON on standard output")
    .addHelpText(
      "after",
      `
Examples:
  tarz verify backup.tar.zst
  tarz verify src.tgz --against src/..
  tarz verify backups/home-2026-11-25.tar.zst --manifest
  tarz verify --job home --against-sources`,
    )
    .action(async (given, opts) => {
      const { jobArchives } = await import("../../backup/job_files.ts");
      const { jobCwd } = await import("../../config/job_options.ts");
      const { readManifest } = await import("../../read/manifest_file.ts");
      const { verifyArchive } = await import("../../read/verify_archive.ts");
      let archive = given;
      let against = opts.against;
      let manifestPath = opts.manifest === true ? `${archive}.manifest.json` : opts.manifest;
      if (opts.job !== undefined) {
        const loaded = await loadConfig(findConfig(opts.config), await tarzBuiltins());
        const [name, job] = pickJob(loaded, opts.job);
        const newest = jobArchives(loaded, name, job).at(-1);
        if (!newest) throw new UsageError(`Job "${name}" has no archive yet`, "run tarz backup");
        archive = newest.path;
        manifestPath = `${archive}.manifest.json`;
        if (opts.againstSources) against = jobCwd(loaded, job);
      }
      if (!archive) throw new UsageError("Missing the archive to verify", "name it, or pass --job");
      const s = await verifyArchive(archive, {
        against,
        program: opts.useCompressProgram,
        identities: identitiesFrom(opts.identity),
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
