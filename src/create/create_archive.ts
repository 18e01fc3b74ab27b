/**
 * `createArchive`: the whole create pipeline — walk, plan, tar encode, compress, atomic sink.
 * @module
 */
import { compressorTraits } from "../compress/traits.ts";
import { backendOf, compress } from "../compress/codec.ts";
import { type Format, LEVELS } from "../compress/format.ts";
import { UsageError } from "../errors.ts";
import { encryptStream } from "../crypto/age_stream.ts";
import { HookRunner, RunSkipped } from "../plugin/hook_runner.ts";
import { ProgressState } from "../progress/progress_state.ts";
import type { compileExcludes } from "../rules/exclude_rules.ts";
import type { ObjectWriter } from "../store/store.ts";
import { MemberIndex } from "../tar/member_index.ts";
import type { SeekFrame } from "../compress/seek_table.ts";
import { isRemote, storeFor } from "../store/store_for.ts";
import type { StalePartial } from "../sink/stale_partials.ts";
import { controlFor } from "../util/run_control.ts";
import { SourceNotFoundError, type WalkItem, walkLazily } from "../walk/walker.ts";
import { encodeEntries } from "./encode_stream.ts";
import { emptyTotals, type Plan, type PlannedEntry } from "./plan.ts";
import { makeEntryFilter } from "./entry_filter.ts";
import type { CreateOptions, CreateSummary, Resolved } from "./create_options.ts";
import { plannedEntries } from "./planned_entries.ts";
import { checkCreateOptions, compileCreateExcludes, resolveFormat } from "./create_checks.ts";
export type { CreateOptions, CreateSummary } from "./create_options.ts";
export { resolveFormat } from "./create_checks.ts";
export { type PlanMode, planMode } from "./plan_mode.ts";

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
  const options: Resolved = {
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
  const record: _Record | undefined = plugins.has("afterArchive")
    ? { digests: new Map<string, string>(), index: new MemberIndex() }
    : undefined;
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
    const summary = await _create(options, record);
    summary.warnings.unshift(...early);
    warnings = summary.warnings; // afterArchive's and finally's warnings count too
    if (!summary.dryRun && record) {
      await plugins.afterArchive({
        ...summary,
        job,
        digests: record.digests,
        members: record.index.members,
        frames: record.frames,
        warnings: [...summary.warnings],
        recipients: options.recipients?.length ? options.recipients : undefined,
        storage: options.storage,
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

/** The walk of the sources, leaving out the archive being written (and the one it replaces). */
function _walk(
  options: Resolved,
  exclude: ReturnType<typeof compileExcludes>,
  sink: ObjectWriter | null,
  warn: (m: string) => void,
): Iterable<WalkItem> {
  const cwd = options.cwd ?? ".";
  const skipIds = new Set<string>();
  if (sink?.statSync) {
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

/** What a plugin's `afterArchive` gets besides the summary: file digests, member offsets. */
interface _Record {
  digests: Map<string, string>;
  index: MemberIndex;
  /** The members of parallel gzip output, for the manifest (zstd has its seek table). */
  frames?: SeekFrame[];
}

/** The tar stream of `entries`, counting its bytes in `count.tarBytes`. */
async function* _tar(
  entries: Iterable<PlannedEntry>,
  options: Resolved,
  format: Format,
  totals: Plan["totals"],
  progress: ProgressState,
  warn: (m: string) => void,
  count: { tarBytes: number },
  record?: _Record,
): AsyncGenerator<Uint8Array> {
  const traits = compressorTraits(format, options.compressProgram, options.threads);
  for await (
    const c of encodeEntries(entries, {
      progress,
      control: options.control,
      onWarning: warn,
      digests: record?.digests,
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
    record?.index.push(c);
    yield c;
  }
}

async function _create(
  options: Resolved,
  record?: _Record,
): Promise<CreateSummary> {
  const format = resolveFormat(options.output, options.format, options.compressProgram);
  checkCreateOptions(options, format);
  const exclude = compileCreateExcludes(options);
  const progress = options.progress ?? new ProgressState();
  const warnings: string[] = [];
  const warn = (m: string) => {
    warnings.push(m);
    options.onWarning?.(m);
  };
  const sink = options.output === "-" || options.dryRun ? null : await _openOutput(options);
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
    const entries = await plannedEntries(items, options, format, totals, progress, warn);
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
    const tar = _tar(entries, options, format, totals, progress, warn, count, record);
    const compressed = compress(tar, format, {
      level: level ?? undefined,
      program: options.compressProgram,
      sizeHint: totals.bytes,
      threads: options.threads,
      signal: options.control?.signal,
      onFrames: record && format === "gzip" ? (f) => (record.frames = f) : undefined,
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
      uploadThroughput: isRemote(options.output) && elapsedMs > 0
        ? bytesOut / (elapsedMs / 1000)
        : undefined,
      dryRun: false,
      staleRemoved: (sink as { staleRemoved?: StalePartial[] } | null)?.staleRemoved ?? [],
    };
  } catch (e) {
    await sink?.discard();
    throw e;
  }
}

/** The writer of the output, in whichever store it is. */
function _openOutput(options: Resolved): Promise<ObjectWriter> {
  const { store, key } = storeFor(options.output, options.storage);
  return store.create(key, { force: options.force, sync: options.sync });
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
