/**
 * `tarz extract`: the CLI layer over {@linkcode extractArchive}.
 * @module
 */
import { type Command, Option } from "@commander-js/extra-typings";
import { ExitCode } from "../../errors.ts";
import { hint, print, say, warn } from "../output.ts";
import { parseCount, parseSize } from "../parse_values.ts";
import { runWithProgress } from "../run_with_progress.ts";
import {
  collect,
  identitiesFrom,
  identityOption,
  onInterruptOption,
  progressOption,
} from "../shared_options.ts";
import { formatExtractSummary } from "../summary.ts";

/** Adds the `extract` command to `program`. */
export function addExtractCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command("extract")
    .alias("x")
    .description("extract an archive safely (no writes outside the destination, ever)")
    .argument("<archive>", 'archive to read ("-" for standard input)')
    .option("-C, --directory <dir>", "extract into this directory", ".")
    .option("--strip-components <n>", "drop this many leading path parts", parseCount)
    .option("--include <glob>", "extract only matching members (repeatable)", collect)
    .option("--exclude <glob>", "skip matching members (repeatable)", collect)
    .addOption(
      new Option("--overwrite <when>", "replace existing files").choices(
        ["never", "newer", "always"] as const,
      )
        .default("never" as const),
    )
    .option(
      "--max-bytes <size>",
      "refuse archives holding more than this (default 1TiB)",
      parseSize,
    )
    .option("--max-entries <n>", "refuse archives with more members (default 10000000)", parseCount)
    .option(
      "--trusted",
      "trust the archive: keep modes and owners, allow links out of the destination",
    )
    .option("--same-owner", "as root, give members their owners (by name, then id)")
    .option("-p, --preserve-permissions", "keep setuid, setgid, sticky and write bits")
    .option("-I, --use-compress-program <cmd>", "decompress through this command (run with -d)")
    .addOption(identityOption())
    .option("-v, --verbose", "list members as they are extracted")
    .addOption(progressOption())
    .addOption(onInterruptOption())
    .option("--json", "print the summary as JSON on standard output")
    .addHelpText(
      "after",
      `
Examples:
  tarz extract backup.tar.zst -C restore
  tarz extract src.tgz --strip-components 1 --include 'src/lib'
  curl -sL https://example.com/x.tar.gz | tarz extract - -C x`,
    )
    .action(async (archive, opts) => {
      const { extractArchive } = await import("../../extract/extract_archive.ts");
      const summary = await runWithProgress(
        {
          progress: opts.progress,
          onInterrupt: opts.onInterrupt,
          verb: "Extracting",
          question: "Interrupt extraction?",
        },
        ({ state, control, reporter }) =>
          extractArchive({
            archive,
            dest: opts.directory,
            stripComponents: opts.stripComponents,
            include: opts.include,
            exclude: opts.exclude,
            overwrite: opts.overwrite,
            maxBytes: opts.maxBytes,
            maxEntries: opts.maxEntries,
            trusted: opts.trusted,
            sameOwner: opts.sameOwner,
            preservePermissions: opts.preservePermissions,
            program: opts.useCompressProgram,
            identities: identitiesFrom(opts.identity),
            progress: state,
            control,
            onWarning: (m) => {
              reporter.event("warning", { message: m });
              if (opts.progress !== "json") {
                reporter.stop();
                warn(m);
                reporter.start();
              }
            },
            onEntry: opts.verbose ? (_e, p) => say(p) : undefined,
          }).then((s) => {
            reporter.event("summary", { ...s });
            return s;
          }),
      );
      if (opts.json) print(JSON.stringify(summary));
      else if (opts.progress !== "json") say(formatExtractSummary(summary));
      if (summary.refusedLinks) {
        hint(
          `${summary.refusedLinks} symbolic links were refused for where they point; if you trust this archive (a root file system, a package), extract it with --trusted (docs/safety.md)`,
        );
      }
      setExit(summary.refused || summary.kept ? ExitCode.partial : ExitCode.ok);
    });
}
