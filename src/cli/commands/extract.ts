/**
 * `tarz extract`: the CLI layer over {@linkcode extractArchive}.
 * @module
 */
import { type Command, Option } from "@commander-js/extra-typings";
import { ExitCode } from "../../errors.ts";
import { count } from "../../progress/format_units.ts";
import { hint, print, say, warn } from "../output.ts";
import { parseCount, parseSize } from "../parse_values.ts";
import { runWithProgress } from "../run_with_progress.ts";
import type { OnInterrupt } from "../interrupt.ts";
import type { ProgressMode } from "../../progress/reporter.ts";
import {
  archiveAndMembers,
  collect,
  identitiesFrom,
  identityOption,
  onInterruptOption,
  progressOption,
} from "../shared_options.ts";
import { formatExtractSummary } from "../summary.ts";

/** How many "kept existing" warnings are printed before the rest are only counted. */
const KEPT_SHOWN = 5;

/** `extract -O`: the selected files' data on standard output; the exit code. */
async function _toStdout(
  archive: string,
  members: string[],
  opts: {
    include?: string[];
    exclude?: string[];
    identity?: string[];
    useCompressProgram?: string;
  },
): Promise<number> {
  const { extractToStream } = await import("../../read/extract_to_stream.ts");
  const r = await extractToStream({
    archive,
    members,
    include: opts.include,
    exclude: opts.exclude,
    identities: identitiesFrom(opts.identity),
    program: opts.useCompressProgram,
    write: async (chunk) => {
      for (let off = 0; off < chunk.length;) off += await Deno.stdout.write(chunk.subarray(off));
    },
  });
  for (const m of r.notFound) warn(`${m}: not found in the archive`);
  return r.notFound.length ? ExitCode.partial : ExitCode.ok;
}

/** What `extract` takes on the command line. */
interface _ExtractOpts {
  directory: string;
  stripComponents?: number;
  include?: string[];
  exclude?: string[];
  overwrite: "never" | "newer" | "always";
  maxBytes?: number;
  maxEntries?: number;
  trusted?: boolean;
  sameOwner?: boolean;
  preservePermissions?: boolean;
  useCompressProgram?: string;
  identity?: string[];
  verbose?: boolean;
  progress: ProgressMode;
  onInterrupt: OnInterrupt;
  json?: boolean;
}

/** Extracts `archive` into the destination, with progress and summary; the exit code. */
async function _extract(archive: string, members: string[], opts: _ExtractOpts): Promise<number> {
  const { extractArchive } = await import("../../extract/extract_archive.ts");
  let kept = 0;
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
        members,
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
          // a re-extract over a whole tree: a few lines, then the count at the end
          if (m.startsWith("kept existing ") && ++kept > KEPT_SHOWN) return;
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
  if (kept > KEPT_SHOWN && opts.progress !== "json") {
    warn(
      `… and ${
        count(kept - KEPT_SHOWN, "more existing file")
      } kept; --overwrite newer or always replaces them`,
    );
  }
  if (opts.json) print(JSON.stringify(summary));
  else if (opts.progress !== "json") say(formatExtractSummary(summary));
  if (summary.refusedLinks) {
    hint(
      `${summary.refusedLinks} symbolic links were refused for where they point; if you trust this archive (a root file system, a package), extract it with --trusted (docs/safety.md)`,
    );
  }
  return summary.refused || summary.kept || summary.notFound.length
    ? ExitCode.partial
    : ExitCode.ok;
}

/** Adds the `extract` command to `program`. */
export function addExtractCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command("extract")
    .alias("x")
    .description("extract an archive safely (no writes outside the destination, ever)")
    .argument("[archive]", 'archive to read ("-" for standard input)')
    .argument(
      "[members...]",
      "only these members: names (a directory with its contents) or wildcards",
    )
    .option("-C, --directory <dir>", "extract into this directory", ".")
    .option("-f, --file <archive>", "the archive, as in GNU tar (then every argument is a member)")
    .option("-O, --to-stdout", "write the files' data to standard output, one after another")
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
  tarz extract src.tgz src/README.md 'src/*.json'   # members: names or wildcards
  tarz extract -O logs.tar.zst app/today.log | less
  curl -sL https://example.com/x.tar.gz | tarz extract - -C x`,
    )
    .action(async (first, rest, opts) => {
      const { archive, members } = archiveAndMembers(first, rest, opts.file);
      if (opts.toStdout) {
        setExit(await _toStdout(archive, members, opts));
        return;
      }
      setExit(await _extract(archive, members, opts));
    });
}
