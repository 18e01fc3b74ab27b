/**
 * `createArchive`: the whole create pipeline — walk, plan, tar encode, compress, atomic sink.
 * @module
 */
import { describeReadError } from "../util/fs_errors.ts";
import { compressorTraits } from "../compress/traits.ts";
import { backendOf, compress } from "../compress/codec.ts";
import { checkLevel, type Format, formatFromName, FORMATS, LEVELS } from "../compress/format.ts";
import { UsageError } from "../errors.ts";
import { checkRecipients, encryptStream } from "../crypto/age_stream.ts";
import { flattenPlugins, HookRunner, RunSkipped } from "../plugin/hook_runner.ts";
import type { PluginOption } from "../plugin/plugin.ts";
import type { RuleSet } from "../rules/rule_set.ts";
import { ProgressState } from "../progress/progress_state.ts";
import {
  compileExcludes,
  type ExcludeRule,
  parseExcludeFile,
  PatternError,
  VCS_NAMES,
} from "../rules/exclude_rules.ts";
import { AtomicFile } from "../sink/atomic_file.ts";
import type { StalePartial } from "../sink/stale_partials.ts";
import type { TarEntry } from "../tar/entry.ts";
import { controlFor, type RunControl } from "../util/run_control.ts";
import { EventLoopTurns } from "../util/event_loop_turns.ts";
import { systemOwnerNames } from "../walk/owner_names.ts";
import { SourceNotFoundError, type WalkItem, walkLazily } from "../walk/walker.ts";
import { encodeEntries } from "./encode_stream.ts";
import { emptyTotals, type Plan, planLazily, type PlannedEntry, type PlanOptions } from "./plan.ts";
import { countedAhead } from "./scan_ahead.ts";
import { makeEntryFilter } from "./entry_filter.ts";

/** Options for {@linkcode createArchive}. */
export interface CreateOptions {
  /** Files and directories to archive, relative to `cwd`. */
  sources: string[];
  /** Output path, or "-" for standard output. */
  output: string;
  /**
   * Base directory for relative sources (tar's -C).
   * @default {"."}
   */
  cwd?: string;
  /** Compression; taken from the output name when omitted. */
  format?: Format;
  /** Compression level; the format's default when omitted. */
  level?: number;
  /** Shell command to compress with (GNU tar's --use-compress-program). */
  compressProgram?: string;
  /**
   * Compression Workers for gzip and zstd; 1 writes a single stream on this thread.
   * @default {1}
   */
  threads?: number;
  /** Glob patterns to leave out. */
  exclude?: string[];
  /** Files with one glob per line. */
  excludeFrom?: string[];
  /**
   * Leave out version-control directories and files (.git, .hg, .svn, ...).
   * @default {false}
   */
  excludeVcs?: boolean;
  /**
   * Follow symlinks.
   * @default {false}
   */
  dereference?: boolean;
  /**
   * Keep FIFOs and device nodes.
   * @default {false}
   */
  specialFiles?: boolean;
  /**
   * Byte-identical output: sorted, owner 0:0, mtimes clamped to `mtime`.
   * @default {false}
   */
  reproducible?: boolean;
  /** Upper bound for mtimes in seconds (SOURCE_DATE_EPOCH). */
  mtime?: number;
  /**
   * Overwrite an existing output.
   * @default {false}
   */
  force?: boolean;
  /**
   * Flush the archive to disk (fsync) before it gets its name, so that a power cut cannot
   * leave a truncated archive under it. Replacing an existing file always syncs.
   * @default {false}
   */
  sync?: boolean;
  /**
   * Plan only: report what would be archived, write nothing.
   * @default {false}
   */
  dryRun?: boolean;
  /** Progress counters, updated as the run goes; poll them for display. */
  progress?: ProgressState;
  /**
   * How many planned entries the walk may run ahead of the encoder, so that the progress
   * totals, and with them the ETA, are known early: up to this many entries, the walk
   * finishes within the first part of the run instead of near its end. Each costs about
   * 700 bytes of memory; 0 walks no further than the encoder needs.
   * @default {0}
   */
  scanAhead?: number;
  /** Pause and cancel (the CLI's Ctrl-C prompt uses it). */
  control?: RunControl;
  /** Cancels the run when aborted: it stops at the next checkpoint and leaves nothing. */
  signal?: AbortSignal;
  /** Per-file problems; each also ends up in the summary. */
  onWarning?: (message: string) => void;
  /** Informational notes (e.g. a stripped leading "/"). */
  onNote?: (message: string) => void;
  /** Called for each path left out, with the rule that did it. */
  onExcluded?: (path: string, rule: ExcludeRule) => void;
  /** Called for each planned entry (used by --dry-run). */
  onEntry?: (entry: TarEntry) => void;
  /** Called for each path a rule explicitly included (a `!pattern`), with the rule. */
  onIncluded?: (path: string, rule: ExcludeRule) => void;
  /** Job rules in gitignore syntax, anchored at each source root (config jobs). */
  rules?: RuleSet;
  /**
   * Leave out the contents of directories holding a valid CACHEDIR.TAG.
   * @default {false}
   */
  excludeCaches?: boolean;
  /**
   * Plugins, run through their hooks around and during the run: plugin objects (as a
   * config's `plugins` holds them), or a runner already made from them.
   */
  plugins?: PluginOption[] | HookRunner;
  /** The job's name, for plugins. */
  job?: string;
  /** Sees (and may change) the plan before anything is read: incremental backups use it. */
  adjustPlan?: (plan: Plan) => void;
  /**
   * Encrypt the archive to these age recipients (`age1...`), after compression. The output
   * name must end in `.age`.
   */
  recipients?: string[];
}

/** What a create run did. */
export interface CreateSummary {
  /** The archive written ("-" for standard output). */
  output: string;
  /** The compression used. */
  format: Format;
  /** The compression level; null for plain tar or a compress program. */
  level: number | null;
  /** Which implementation compressed, e.g. "node:zlib, 2 threads". */
  backend: string;
  /** Regular files archived. */
  files: number;
  /** Directories archived. */
  directories: number;
  /** Symbolic links archived. */
  symlinks: number;
  /** Hard links archived (data stored once). */
  hardlinks: number;
  /** FIFOs and device nodes archived (with --special-files). */
  specials: number;
  /** File data read. */
  bytesIn: number;
  /** Archive bytes written (after compression). */
  bytesOut: number;
  /** Size of the tar stream before compression: file data plus headers and padding. */
  tarBytes: number;
  /** bytesOut / bytesIn, the two sizes the summary prints (1 when no data was read). */
  ratio: number;
  /** Wall time of the run. */
  elapsedMs: number;
  /** bytesIn per second. */
  throughput: number;
  /** Per-file problems; any makes the CLI exit 3. */
  warnings: string[];
  /** True when nothing was written (--dry-run). */
  dryRun: boolean;
  /** Temporary files that killed runs had left beside the output, removed by this one. */
  staleRemoved?: StalePartial[];
  /** Set when a plugin ended the run on purpose; nothing was written. */
  skipped?: string;
}

/**
 * Creates an archive.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createArchive } from "./create_archive.ts";
 * const dir = Deno.makeTempDirSync();
 * Deno.writeTextFileSync(`${dir}/hello.txt`, "hello");
 * const summary = await createArchive({ sources: ["hello.txt"], cwd: dir, output: `${dir}/out.tar.gz` });
 * assert.ok(summary.files === 1 && summary.format === "gzip");
 * ```
 */
export async function createArchive(given: CreateOptions): Promise<CreateSummary> {
  const plugins = Array.isArray(given.plugins)
    ? new HookRunner(given.plugins, (m) => given.onWarning?.(m))
    : given.plugins;
  const options: _Resolved = {
    ...given,
    plugins,
    control: controlFor(given.control, given.signal),
  };
  if (!plugins?.plugins.length) return await _create(options);
  // plugin warnings go to the summary's list once there is one, before that here
  const early: string[] = [];
  let warnings = early;
  const warn = (m: string) => {
    warnings.push(m);
    options.onWarning?.(m);
  };
  plugins.setWarn(warn);
  const digests = plugins.has("afterArchive") ? new Map<string, string>() : undefined;
  const job = options.job ?? "cli";
  const cwd = options.cwd ?? ".";
  try {
    await plugins.setup({ job, cwd, output: options.output, warn });
    await plugins.beforeRun({
      name: job,
      sources: options.sources,
      cwd,
      output: options.output,
      dryRun: options.dryRun ?? false,
    });
    const summary = await _create(options, digests);
    summary.warnings.unshift(...early);
    warnings = summary.warnings; // afterArchive's and finally's warnings count too
    if (!summary.dryRun && digests) {
      await plugins.afterArchive({
        ...summary,
        job,
        digests,
        warnings: [...summary.warnings],
        recipients: options.recipients?.length ? options.recipients : undefined,
      });
    }
    return summary;
  } catch (e) {
    if (e instanceof RunSkipped) {
      return {
        ..._emptySummary(options),
        warnings: early,
        skipped: e.message,
      };
    }
    await plugins.onError(e instanceof Error ? e : new Error(String(e)));
    throw e;
  } finally {
    await plugins.finally();
  }
}

/** The options once plugins are a runner and a signal is a control. */
type _Resolved = Omit<CreateOptions, "plugins"> & { plugins?: HookRunner };

/** Runs the transformEntry chain over every planned entry, keeping the totals right. */
async function _transform(plan: Plan, plugins: HookRunner): Promise<void> {
  for (const planned of plan.entries) {
    const before = planned.entry;
    const r = await plugins.transformEntry({
      path: before.path,
      fsPath: planned.fsPath,
      entry: before,
    });
    const after = r.entry.entry;
    // what a plugin may not change: the name, the type and what links point to
    Object.assign(before, {
      mode: after.mode & 0o7777,
      mtime: after.mtime,
      uid: after.uid,
      gid: after.gid,
      uname: after.uname,
      gname: after.gname,
    });
    if (r.content && before.type === "file") {
      plan.totals.bytes += r.content.length - before.size;
      before.size = r.content.length;
      planned.content = r.content;
    }
  }
}

function _emptySummary(options: CreateOptions): CreateSummary {
  return {
    output: options.output,
    format: options.format ?? "tar",
    level: null,
    backend: "none",
    files: 0,
    directories: 0,
    symlinks: 0,
    hardlinks: 0,
    specials: 0,
    bytesIn: 0,
    bytesOut: 0,
    tarBytes: 0,
    ratio: 1,
    elapsedMs: 0,
    throughput: 0,
    warnings: [],
    dryRun: options.dryRun ?? false,
  };
}

/** Refuses options that cannot work, before anything is opened. */
function _checkOptions(options: CreateOptions, format: Format): void {
  if (options.level !== undefined && !options.compressProgram) {
    const problem = checkLevel(format, options.level);
    if (problem) {
      throw new UsageError(problem, undefined, format === "tar" ? { remedy: "level" } : undefined);
    }
  }
  if (options.recipients?.length) {
    checkRecipients(options.recipients);
    if (options.output !== "-" && !options.output.endsWith(".age")) {
      throw new UsageError(
        `Cannot encrypt to ${options.output}: an encrypted archive's name must end in .age`,
        `name it ${options.output}.age`,
      );
    }
  }
  if (options.sources.length === 0) {
    throw new UsageError(
      "Cannot create an archive: no sources given",
      "name files or directories to archive",
    );
  }
  _checkBaseDirectory(options.cwd ?? ".");
}

/** Refuses a base directory that is missing, not a directory, or can't be read. */
function _checkBaseDirectory(cwd: string): void {
  let why: string | null = null;
  let cause: unknown;
  try {
    if (!Deno.statSync(cwd).isDirectory) why = "not a directory";
    else Deno.readDirSync(cwd)[Symbol.iterator]().next(); // EACCES shows here, not in stat
  } catch (e) {
    cause = e;
    why = e instanceof Deno.errors.NotFound ? "no such directory" : describeReadError(e);
  }
  if (why === null) return;
  throw new UsageError(`Cannot change to ${cwd}: ${why}`, "check the base directory", {
    cause,
    remedy: "base-directory",
  });
}

/** The exclude rules of --exclude, --exclude-from and --exclude-vcs, compiled. */
function _excludes(options: CreateOptions): ReturnType<typeof compileExcludes> {
  const rules: ExcludeRule[] = (options.exclude ?? []).map((pattern) => ({
    pattern,
    origin: "--exclude",
  }));
  for (const file of options.excludeFrom ?? []) {
    let text: string;
    try {
      text = Deno.readTextFileSync(file);
    } catch {
      throw new UsageError(`Cannot read exclude file ${file}`, "check the exclude file's path", {
        remedy: "exclude-file",
      });
    }
    rules.push(...parseExcludeFile(text, file));
  }
  if (options.excludeVcs) {
    rules.push(...VCS_NAMES.map((pattern) => ({ pattern, origin: "--exclude-vcs" })));
  }
  try {
    return compileExcludes(rules);
  } catch (e) {
    if (e instanceof PatternError) {
      throw new UsageError(e.message, "quote globs so the shell does not expand them");
    }
    throw e;
  }
}

/** The walk of the sources, leaving out the archive being written (and the one it replaces). */
function _walk(
  options: _Resolved,
  exclude: ReturnType<typeof compileExcludes>,
  sink: AtomicFile | null,
  warn: (m: string) => void,
): Iterable<WalkItem> {
  const cwd = options.cwd ?? ".";
  const skipIds = new Set<string>();
  if (sink) {
    const t = sink.statSync();
    skipIds.add(`${t.dev}:${t.ino}`);
    try {
      const o = Deno.statSync(options.output);
      skipIds.add(`${o.dev}:${o.ino}`);
    } catch { /* no existing output */ }
  }
  try {
    return walkLazily(options.sources, {
      cwd,
      dereference: options.dereference,
      exclude,
      filter: makeEntryFilter({
        rules: options.rules,
        excludeCaches: options.excludeCaches,
        plugins: options.plugins,
      }),
      onExcluded: options.onExcluded,
      onIncluded: options.onIncluded,
      onWarning: warn,
      onNote: options.onNote,
      skip: (_p, info) => skipIds.has(`${info.dev}:${info.ino}`),
    });
  } catch (e) {
    if (e instanceof SourceNotFoundError) {
      throw new UsageError(e.message, "check the path, and the base directory it is read from", {
        cause: e,
        remedy: "source-path",
      });
    }
    throw e;
  }
}

/** What the encoder is fed: the whole plan, made first, or the plan as the walk goes. */
async function _entries(
  items: Iterable<WalkItem>,
  options: _Resolved,
  format: Format,
  totals: Plan["totals"],
  progress: ProgressState,
  warn: (m: string) => void,
): Promise<Iterable<PlannedEntry>> {
  const planOptions = {
    owners: systemOwnerNames(),
    reproducible: options.reproducible,
    mtimeClamp: options.mtime,
    specialFiles: options.specialFiles,
  };
  if (planMode(options, format) === "stream") {
    // the plan streams into the encoder as the walk goes on; the totals grow with it
    const planned = planLazily(items, planOptions, totals, warn);
    const counted = countedAhead(planned, progress, options.scanAhead ?? 0);
    return options.onEntry ? _listed(counted, options.onEntry) : counted;
  }
  const plan = await _planAll(items, planOptions, totals, warn);
  options.adjustPlan?.(plan);
  if (options.plugins?.has("transformEntry")) await _transform(plan, options.plugins);
  progress.bytesTotal = totals.bytes;
  progress.entriesTotal = plan.entries.length;
  progress.filesTotal = plan.entries.filter((p) => p.entry.type === "file").length;
  if (options.onEntry) { for (const p of plan.entries) options.onEntry(p.entry); }
  return plan.entries;
}

/** The tar stream of `entries`, counting its bytes in `count.tarBytes`. */
async function* _tar(
  entries: Iterable<PlannedEntry>,
  options: _Resolved,
  format: Format,
  totals: Plan["totals"],
  progress: ProgressState,
  warn: (m: string) => void,
  count: { tarBytes: number },
  digests?: Map<string, string>,
): AsyncGenerator<Uint8Array> {
  const traits = compressorTraits(format, options.compressProgram, options.threads);
  for await (
    const c of encodeEntries(entries, {
      progress,
      control: options.control,
      onWarning: warn,
      digests,
      reuseBuffers: traits.releasesChunks,
      readAhead: !traits.usesEveryCore,
      // the summary counts what is in the archive, not what was planned
      onSkipped: (e) => {
        totals.files--;
        totals.bytes -= e.size;
      },
    })
  ) {
    count.tarBytes += c.length;
    yield c;
  }
}

async function _create(
  options: _Resolved,
  digests?: Map<string, string>,
): Promise<CreateSummary> {
  const format = resolveFormat(options.output, options.format, options.compressProgram);
  _checkOptions(options, format);
  const exclude = _excludes(options);
  const progress = options.progress ?? new ProgressState();
  const warnings: string[] = [];
  const warn = (m: string) => {
    warnings.push(m);
    options.onWarning?.(m);
  };
  const sink = options.output === "-" || options.dryRun
    ? null
    : await AtomicFile.open(options.output, { force: options.force, sync: options.sync });
  try {
    const items = _walk(options, exclude, sink, warn);
    const level = format === "tar" || options.compressProgram
      ? null
      : options.level ?? LEVELS[format].default;
    const totals = emptyTotals();
    const base = () => ({
      output: options.output,
      format,
      level,
      backend: backendOf(format, options.compressProgram, options.threads) +
        (options.recipients?.length ? ", age-encrypted" : ""),
      files: totals.files,
      directories: totals.directories,
      symlinks: totals.symlinks,
      hardlinks: totals.hardlinks,
      specials: totals.specials,
      warnings,
    });
    const entries = await _entries(items, options, format, totals, progress, warn);
    if (options.dryRun) {
      return {
        ...base(),
        bytesIn: totals.bytes,
        bytesOut: 0,
        tarBytes: 0,
        ratio: 1,
        elapsedMs: progress.elapsedMs(),
        throughput: 0,
        dryRun: true,
      };
    }
    const count = { tarBytes: 0 };
    const tar = _tar(entries, options, format, totals, progress, warn, count, digests);
    const compressed = compress(tar, format, {
      level: level ?? undefined,
      program: options.compressProgram,
      sizeHint: totals.bytes,
      threads: options.threads,
      signal: options.control?.signal,
    });
    const written = options.recipients?.length
      ? encryptStream(compressed, options.recipients)
      : compressed;
    const onBytes = (n: number) => (progress.bytesOut += n);
    const bytesOut = sink
      ? await sink.writeAll(written, onBytes)
      : await _writeStdout(written, onBytes);
    if (options.control) await options.control.checkpoint();
    if (sink) await sink.commit();
    const elapsedMs = progress.elapsedMs();
    return {
      ...base(),
      bytesIn: progress.bytesDone,
      bytesOut,
      tarBytes: count.tarBytes,
      ratio: progress.bytesDone ? bytesOut / progress.bytesDone : 1,
      elapsedMs,
      throughput: elapsedMs > 0 ? progress.bytesDone / (elapsedMs / 1000) : 0,
      dryRun: false,
      staleRemoved: sink?.staleRemoved ?? [],
    };
  } catch (e) {
    await sink?.discard();
    throw e;
  }
}

/**
 * How a create holds its plan: `"stream"`, the walk feeding the encoder with a bounded
 * lookahead, so memory does not grow with the tree; or `"whole"`, every entry planned before
 * the first byte is read.
 */
export type PlanMode = "stream" | "whole";

/**
 * The plan mode of a create: whole for a plugin or a backup that looks at (or changes) the
 * plan, for a dry run, and for a compressor that wants the input size first (brotli);
 * streaming otherwise. Listing entries (`onEntry`, `-v`) streams: each is listed as it is
 * pulled into the encoder.
 */
export function planMode(options: CreateOptions, format: Format): PlanMode {
  const traits = compressorTraits(format, options.compressProgram, options.threads);
  const p = options.plugins;
  const transforms = Array.isArray(p)
    ? flattenPlugins(p).some((x) => x.transformEntry)
    : p?.has("transformEntry");
  const whole = options.adjustPlan || options.dryRun || transforms || traits.wantsSize;
  return whole ? "whole" : "stream";
}

/** `entries`, each passed to `onEntry` as it is pulled. */
function* _listed(
  entries: Iterable<PlannedEntry>,
  onEntry: (e: PlannedEntry["entry"]) => void,
): Generator<PlannedEntry> {
  for (const p of entries) {
    onEntry(p.entry);
    yield p;
  }
}

/** The whole plan, walked with event-loop turns between items so progress stays live. */
async function _planAll(
  items: Iterable<WalkItem>,
  options: PlanOptions,
  totals: Plan["totals"],
  warn: (m: string) => void,
): Promise<Plan> {
  const plan: Plan = { entries: [], totals, warnings: [] };
  const turns = new EventLoopTurns();
  // an adjustPlan sees the paths left out, as the plan's type promises
  const planned = planLazily(items, options, totals, (w) => {
    plan.warnings.push(w);
    warn(w);
  });
  for (const p of planned) {
    plan.entries.push(p);
    if (turns.due()) await turns.take();
  }
  return plan;
}

/** Decides the format from an explicit choice or the output name. */
export function resolveFormat(output: string, format?: Format, program?: string): Format {
  if (format) return format;
  if (output === "-") {
    if (program) return "tar";
    throw new UsageError(
      "Cannot tell the format when writing to standard output",
      `choose one: ${FORMATS.join(", ")}`,
      { remedy: "format-stdout" },
    );
  }
  const f = formatFromName(output);
  if (f) return f;
  if (program) return "tar";
  throw new UsageError(
    `Cannot tell the format of ${output} from its name`,
    "end it in .tar, .tar.gz, .tar.zst, .tar.br, .tar.xz or .tar.bz2, or choose the format",
    { remedy: "format" },
  );
}

async function _writeStdout(
  chunks: AsyncIterable<Uint8Array>,
  onBytes: (n: number) => void,
): Promise<number> {
  let total = 0;
  for await (const chunk of chunks) {
    let off = 0;
    while (off < chunk.length) off += await Deno.stdout.write(chunk.subarray(off));
    total += chunk.length;
    onBytes(chunk.length);
  }
  return total;
}
