/**
 * `tarz create`: the CLI layer over {@linkcode createArchive}.
 * @module
 */
import { type Command, Option } from "@commander-js/extra-typings";
import { createArchive } from "../../create/create_archive.ts";
import { type Format, FORMATS } from "../../compress/format.ts";
import { ExitCode } from "../../errors.ts";
import type { TarEntry } from "../../tar/entry.ts";
import { print, say, warn } from "../output.ts";
import { parseInteger, parseThreads, parseTimestamp } from "../parse_values.ts";
import { runWithProgress } from "../run_with_progress.ts";
import { collect, onInterruptOption, progressOption } from "../shared_options.ts";
import { formatCreateSummary } from "../summary.ts";

/** Adds the `create` command to `program`. */
export function addCreateCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command("create")
    .alias("c")
    .description("create an archive from files and directories")
    .argument("<paths...>", "files and directories to archive")
    .requiredOption("-o, --output <file>", 'archive to write ("-" for standard output)')
    .addOption(
      new Option("-f, --format <format>", "compression (default: from the output name)").choices(
        FORMATS,
      ),
    )
    .option("-l, --level <n>", "compression level (range depends on the format)", parseInteger)
    .option(
      "-T, --threads <n>",
      "gzip/zstd compression threads; 1 writes a single stream",
      parseThreads,
      navigator.hardwareConcurrency || 1,
    )
    .option("-I, --use-compress-program <cmd>", "compress through this shell command")
    .option("-C, --directory <dir>", "change to this directory first")
    .option("--exclude <glob>", "leave out matching paths (repeatable)", collect)
    .option("--exclude-from <file>", "read exclude globs from a file (repeatable)", collect)
    .option("--exclude-vcs", "leave out .git, .hg, .svn and other VCS files")
    .option("-L, --dereference", "follow symlinks and archive their targets")
    .option("--special-files", "archive FIFOs and device nodes instead of skipping them")
    .option("--reproducible", "byte-identical output: sorted, owner 0:0, mtimes clamped")
    .option(
      "--mtime <time>",
      "clamp mtimes to this time (default: $SOURCE_DATE_EPOCH)",
      parseTimestamp,
    )
    .option("--force", "overwrite an existing output")
    .option("-n, --dry-run", "list what would be archived; write nothing")
    .option("-v, --verbose", "list entries; with --dry-run also the excluded paths and why")
    .addOption(progressOption())
    .addOption(onInterruptOption())
    .option("--json", "print the summary as JSON on standard output")
    .addHelpText(
      "after",
      `
Examples:
  tarz create src -o src.tar.zst
  tarz create . -C project -o project.tgz --exclude-vcs --exclude 'node_modules'
  tarz create src --reproducible --mtime 2024-01-01 -o src.tar.gz
  tarz create src -o - --format zstd | ssh host 'tarz extract - -C backup'`,
    )
    .action(async (paths, opts) => {
      const toStdout = opts.output === "-";
      const env = Deno.env.get("SOURCE_DATE_EPOCH");
      const clamp = opts.mtime ??
        (opts.reproducible && env && /^\d+$/.test(env) ? Number(env) : undefined);
      const progress = opts.dryRun ? "none" : opts.progress;
      const list = (e: TarEntry) => {
        const line = `${e.path}${e.type === "directory" ? "/" : ""}`;
        if (toStdout) say(line);
        else print(opts.dryRun && opts.verbose ? `include  ${line}` : line);
      };
      const summary = await runWithProgress(
        {
          progress,
          onInterrupt: opts.onInterrupt,
          verb: "Archiving",
          question: "Interrupt archiving?",
        },
        ({ state, control, reporter }) =>
          createArchive({
            sources: paths,
            output: opts.output,
            cwd: opts.directory,
            format: opts.format as Format | undefined,
            level: opts.level,
            compressProgram: opts.useCompressProgram,
            threads: opts.threads,
            exclude: opts.exclude,
            excludeFrom: opts.excludeFrom,
            excludeVcs: opts.excludeVcs,
            dereference: opts.dereference,
            specialFiles: opts.specialFiles,
            reproducible: opts.reproducible,
            mtime: clamp,
            force: opts.force,
            dryRun: opts.dryRun,
            progress: state,
            control,
            onWarning: (m) => {
              reporter.event("warning", { message: m });
              if (progress === "plain" || progress === "none") warn(m);
            },
            onNote: (m) => say(`tarz: ${m}`),
            onExcluded: opts.dryRun && opts.verbose
              ? (p, rule) => print(`exclude  ${p}  (${rule.pattern} from ${rule.origin})`)
              : undefined,
            onEntry: opts.dryRun || opts.verbose ? list : undefined,
          }).then((s) => {
            reporter.event("summary", { ...s });
            return s;
          }),
      );
      if (opts.json) print(JSON.stringify(summary));
      else if (opts.progress !== "json") say(formatCreateSummary(summary));
      setExit(summary.warnings.length ? ExitCode.partial : ExitCode.ok);
    });
}
