/**
 * `tarz verify`: decode everything, optionally compare with a directory.
 * @module
 */
import type { Command } from "@commander-js/extra-typings";
import { findConfig, loadConfig, pickJob } from "../../config/load_config.ts";
import { tarzBuiltins } from "../builtins.ts";
import { ExitCode, UsageError } from "../../errors.ts";
import { count, formatBytes } from "../../progress/format_units.ts";
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
      "check every file's sha256 against a manifest (default: <archive>.manifest.json[.age])",
    )
    .option(
      "--job <name>",
      "verify every archive a restore of the job would use, each against its manifest",
    )
    .option("--config <file>", "config for --job (default: ./tarz.config.ts)")
    .option(
      "--against-sources",
      "with --job: also restore the chain aside and compare it with the job's sources",
    )
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
      const { manifestPathOf, readManifest } = await import("../../read/manifest_file.ts");
      const { verifyArchive } = await import("../../read/verify_archive.ts");
      if (opts.job !== undefined) {
        if (given) throw new UsageError("Pass an archive or --job, not both");
        return setExit(await _verifyJob(opts.job, opts));
      }
      const archive = given;
      const against = opts.against;
      const manifestPath = opts.manifest === true
        ? (archive ? manifestPathOf(archive) : undefined)
        : opts.manifest;
      if (!archive) throw new UsageError("Missing the archive to verify", "name it, or pass --job");
      const s = await verifyArchive(archive, {
        against,
        program: opts.useCompressProgram,
        identities: identitiesFrom(opts.identity),
        manifest: manifestPath
          ? (await readManifest(manifestPath, identitiesFrom(opts.identity))).files
          : undefined,
      });
      if (opts.json) print(JSON.stringify(s));
      else {
        for (const d of s.differences) print(`${d.path}: ${d.what}`);
        say(
          `${archive}: ${s.format}, ${count(s.entries, "member")}, ${
            formatBytes(s.bytes)
          } of data: ` +
            (s.differences.length ? `${s.differences.length} differences` : "OK"),
        );
      }
      setExit(s.differences.length ? ExitCode.failed : ExitCode.ok);
    });
}

async function _verifyJob(
  jobName: string,
  opts: { config?: string; againstSources?: boolean; identity?: string[]; json?: boolean },
): Promise<number> {
  const { verifyJob } = await import("../../backup/verify_job.ts");
  const loaded = await loadConfig(findConfig(opts.config), await tarzBuiltins());
  const [name, job] = pickJob(loaded, jobName);
  const s = await verifyJob(loaded, name, job, {
    againstSources: opts.againstSources,
    identities: identitiesFrom(opts.identity),
  });
  if (opts.json) print(JSON.stringify(s));
  else {
    for (const d of s.differences) print(`${d.path}: ${d.what}`);
    for (const a of s.archives) {
      say(`${a.path}: ${a.format}, ${count(a.entries, "member")}, ${formatBytes(a.bytes)} of data`);
    }
    const what = s.chain.length === 1 ? "1 archive" : `chain of ${s.chain.length} archives`;
    say(
      `${name}: ${what}${opts.againstSources ? ", restored and compared with the sources" : ""}: ` +
        (s.differences.length ? `${s.differences.length} differences` : "OK"),
    );
  }
  return s.differences.length ? ExitCode.failed : ExitCode.ok;
}
