/**
 * `tarz create`: the CLI layer over {@linkcode createArchive}.
 * @module
 */
import { type Command, Option } from "@commander-js/extra-typings";
import type { CreateOptions } from "../../create/create_archive.ts";
import { findConfig, loadConfig, pickJob } from "../../config/load_config.ts";
import { tarzBuiltins } from "../builtins.ts";
import { dirOf } from "../../util/paths.ts";
import { extensionOf, type Format, formatFromName, FORMATS } from "../../compress/format.ts";
import { ExitCode, UsageError } from "../../errors.ts";
import type { TarEntry } from "../../tar/entry.ts";
import { print, say, warn } from "../output.ts";
import { parseInteger, parsePathList, parseThreads, parseTimestamp } from "../parse_values.ts";
import { describeReadError } from "../../util/fs_errors.ts";
import { unquoteName } from "../../tar/name_bytes.ts";
import { runWithProgress } from "../run_with_progress.ts";
import type { OnInterrupt } from "../interrupt.ts";
import type { ProgressMode } from "../../progress/reporter.ts";
import { collect, onInterruptOption, progressOption } from "../shared_options.ts";
import { formatCreateSummary } from "../summary.ts";

// entries the walk may run ahead for the ETA's sake: about 45 MiB at most
const SCAN_AHEAD = 65_536;

/** The paths a `--files-from` file (or "-", standard input) lists. */
async function _filesFrom(file: string | undefined, nul = false): Promise<string[]> {
  if (file === undefined) return [];
  let text: string;
  try {
    text = file === "-"
      ? await new Response(Deno.stdin.readable).text()
      : Deno.readTextFileSync(file);
  } catch (e) {
    throw new UsageError(`Cannot read the --files-from list ${file}: ${describeReadError(e)}`);
  }
  return parsePathList(text, nul);
}

/** `-o` or GNU tar's `-f`, which mean the same. */
function _output(o: string | undefined, f: string | undefined): string | undefined {
  if (o !== undefined && f !== undefined && o !== f) {
    throw new UsageError(`-o ${o} and -f ${f} name two archives`, "pass one of them");
  }
  return o ?? f;
}

/** `--format`, or one of GNU tar's `-z`, `-j`, `-J`, `--zstd`; two that differ are refused. */
function _format(
  opts: { format?: string; gzip?: boolean; bzip2?: boolean; xz?: boolean; zstd?: boolean },
): string | undefined {
  const named = [
    opts.format,
    opts.gzip && "gzip",
    opts.bzip2 && "bzip2",
    opts.xz && "xz",
    opts.zstd && "zstd",
  ].filter((f): f is string => !!f);
  const distinct = [...new Set(named)];
  if (distinct.length > 1) {
    throw new UsageError(`Two compressions asked for: ${distinct.join(" and ")}`, "pass one");
  }
  return distinct[0];
}

/** Refuses an output whose name says another compression than the one asked for. */
function _checkNameSaysFormat(output?: string, format?: string, force?: boolean): void {
  if (!output || output === "-" || !format || force) return;
  const named = formatFromName(output);
  if (!named || named === format) return;
  throw new UsageError(
    `${output} is named as ${named}, but ${format} was asked for`,
    `name it ${
      output.replace(/\.tar(\.[a-z0-9]+)?(\.age)?$/i, `${extensionOf(format as Format)}$2`)
    }, or pass --force to write ${format} under this name`,
  );
}

/** What `create` takes on the command line. */
interface _CreateOpts {
  output?: string;
  file?: string;
  filesFrom?: string;
  null?: boolean;
  gzip?: boolean;
  bzip2?: boolean;
  xz?: boolean;
  zstd?: boolean;
  config?: string;
  job?: string;
  format?: string;
  level?: number;
  threads?: number;
  useCompressProgram?: string;
  encryptTo?: string[];
  directory?: string;
  exclude?: string[];
  excludeFrom?: string[];
  excludeVcs?: boolean;
  dereference?: boolean;
  specialFiles?: boolean;
  reproducible?: boolean;
  mtime?: number;
  force?: boolean;
  sync?: boolean;
  dryRun?: boolean;
  verbose?: boolean;
  progress: ProgressMode;
  onInterrupt: OnInterrupt;
  json?: boolean;
}

/** The options given on the command line, in the library's terms. */
function _given(paths: string[], opts: _CreateOpts, mtime?: number): Partial<CreateOptions> {
  return {
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
    mtime,
    force: opts.force,
    sync: opts.sync,
    dryRun: opts.dryRun,
    recipients: opts.encryptTo,
  };
}

/** Runs `create`; the exit code. */
async function _runCreate(named: string[], opts: _CreateOpts): Promise<number> {
  const { createArchive } = await import("../../create/create_archive.ts");
  const { jobOptions } = await import("../../config/job_options.ts");
  // `\ooo` is a byte, as GNU tar's --unquote reads it: how a name that is not UTF-8
  // gets past the command line
  const paths = [...named, ...await _filesFrom(opts.filesFrom, opts.null)].map(unquoteName);
  opts.output = _output(opts.output, opts.file);
  opts.format = _format(opts) as typeof opts.format;
  _checkNameSaysFormat(opts.output, opts.format, opts.force);
  const toStdout = opts.output === "-";
  const env = Deno.env.get("SOURCE_DATE_EPOCH");
  const clamp = opts.mtime ??
    (opts.reproducible && env && /^\d+$/.test(env) ? Number(env) : undefined);
  const why = new Map<string, string>(); // paths a `!rule` included, with the rule
  const list = (e: TarEntry) => {
    const line = `${e.path}${e.type === "directory" ? "/" : ""}`;
    const rule = why.get(e.path);
    if (toStdout) say(line);
    else if (opts.dryRun && opts.verbose) print(`include  ${line}${rule ? `  (${rule})` : ""}`);
    else print(line);
  };
  const useConfig = opts.config !== undefined || opts.job !== undefined;
  if (!useConfig && !opts.output) {
    throw new UsageError("Missing the archive to write", "pass -o FILE, or --job NAME");
  }
  const given = _given(paths, opts, clamp);
  const loaded = useConfig
    ? await loadConfig(findConfig(opts.config), await tarzBuiltins())
    : undefined;
  const base: CreateOptions = loaded
    ? jobOptions(loaded, ...pickJob(loaded, opts.job), given, warn)
    : { ...given, sources: paths, output: opts.output! };
  // --progress beats the config's default, which beats "auto"
  const shown = opts.progress === "auto"
    ? loaded?.config.defaults?.progress ?? "auto"
    : opts.progress;
  const progress = opts.dryRun ? "none" : shown;
  base.threads ??= navigator.hardwareConcurrency || 1;
  // a job's output directory (backups/, dist/) is made on first use
  if (useConfig && !opts.output && !opts.dryRun) {
    Deno.mkdirSync(dirOf(base.output), { recursive: true });
  }
  const summary = await runWithProgress(
    {
      progress,
      onInterrupt: opts.onInterrupt,
      verb: "Archiving",
      question: "Interrupt archiving?",
    },
    ({ state, control, reporter }) =>
      createArchive({
        ...base,
        progress: state,
        // a display shows an ETA: walk ahead so the totals are known early
        scanAhead: progress === "none" ? 0 : SCAN_AHEAD,
        control,
        onWarning: (m) => {
          reporter.event("warning", { message: m });
          if (progress === "plain" || progress === "none") warn(m);
        },
        onNote: (m) => say(`tarz: ${m}`),
        onExcluded: opts.dryRun && opts.verbose
          ? (p, rule) => print(`exclude  ${p}  (${rule.pattern} from ${rule.origin})`)
          : undefined,
        onIncluded: opts.dryRun && opts.verbose
          ? (p, rule) => why.set(p, `${rule.pattern} from ${rule.origin}`)
          : undefined,
        onEntry: opts.dryRun || opts.verbose ? list : undefined,
      }).then((s) => {
        reporter.event("summary", { ...s });
        return s;
      }),
  );
  if (summary.skipped) say(`tarz: ${summary.skipped}; no archive written`);
  if (opts.json) print(JSON.stringify(summary));
  else if (shown !== "json" && !summary.skipped) say(formatCreateSummary(summary));
  return summary.warnings.length ? ExitCode.partial : ExitCode.ok;
}

/** Adds the `create` command to `program`. */
export function addCreateCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command("create")
    .alias("c")
    .description("create an archive from files and directories")
    .argument("[paths...]", "files and directories to archive (default with --job: the job's)")
    .option("-o, --output <file>", 'archive to write ("-" for standard output)')
    .option("-f, --file <file>", "the same as -o, as in GNU tar")
    .option("-T, --files-from <file>", 'read paths to archive from a file, one a line ("-": stdin)')
    .option("--null", "with -T: the paths end with NUL, not newline (find -print0)")
    .option("-z, --gzip", "gzip, as in GNU tar (the same as --format gzip)")
    .option("-j, --bzip2", "bzip2 (the same as --format bzip2)")
    .option("-J, --xz", "xz (the same as --format xz)")
    .option("--zstd", "zstd (the same as --format zstd)")
    .option("--config <file>", "read jobs from this config (default: ./tarz.config.ts)")
    .option("--job <name>", "run this job from the config; flags given here override it")
    .addOption(
      new Option("--format <format>", "compression (default: from the output name)").choices(
        FORMATS,
      ),
    )
    .option("-l, --level <n>", "compression level (range depends on the format)", parseInteger)
    .option(
      "--threads <n>",
      "gzip/zstd compression threads; 1 writes a single stream (default: cores)",
      parseThreads,
    )
    .option("-I, --use-compress-program <cmd>", "compress through this shell command")
    .option(
      "-r, --encrypt-to <recipient>",
      "encrypt with age to this public key (repeatable)",
      collect,
    )
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
    .option("--sync", "flush the archive to disk before naming it (always when overwriting)")
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
  tarz create src -o - --format zstd | ssh host 'tarz extract - -C backup'
  tarz create docs -o docs.tar.zst.age -r age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p
  tarz create --job docs                  # the "docs" job of ./tarz.config.ts
  tarz create --config ~/backup.config.ts --job home --dry-run -v`,
    )
    .action(async (named, opts) => setExit(await _runCreate(named, opts)));
}
