/**
 * The plugin API: what a plugin is and what each hook receives.
 *
 * A plugin is an object `{ name, enforce?, policy?, ...hooks }`, usually returned by a
 * factory `myPlugin(options)`. Hooks and their run modes:
 *
 * | hook | run mode |
 * |---|---|
 * | `setup(ctx)` | sequential |
 * | `beforeRun(job)` | sequential; return `{ abort: "reason" }` to stop the run |
 * | `filterEntry(entry)` | first result that is not `undefined` decides; synchronous |
 * | `transformEntry(entry)` | sequential chain; may replace metadata or the content |
 * | `afterArchive(result)` | parallel |
 * | `onError(error)` | sequential, every plugin, errors only warn |
 * | `finally()` | sequential, every plugin, errors only warn |
 * @module
 */
import type { TarEntry } from "../tar/entry.ts";

/** How a plugin's failure affects the run. */
export type FailurePolicy = "essential" | "optional" | "skip-run";

/** What `setup` receives. */
export interface PluginContext {
  /** The job's name. */
  job: string;
  /** Directory the sources are relative to. */
  cwd: string;
  /** The archive that will be written. */
  output: string;
  /** Report a warning (it ends up in the summary; the run exits 3). */
  warn(message: string): void;
}

/** What `beforeRun` receives. */
export interface JobInfo {
  name: string;
  sources: string[];
  cwd: string;
  output: string;
  dryRun: boolean;
}

/** A path about to be archived, as `filterEntry` and `transformEntry` see it. */
export interface PluginEntry {
  /** Path inside the archive. */
  path: string;
  /** Path on disk. */
  fsPath: string;
  /** The tar header fields. */
  entry: TarEntry;
}

/** What `filterEntry` returns: a verdict, optionally with the reason to show. */
export type FilterResult = boolean | { include: boolean; reason?: string } | undefined;

/**
 * What `transformEntry` may return: new metadata, new content (whose length becomes the
 * size), or nothing to leave the entry as it is.
 */
export interface EntryTransform {
  entry?: Partial<Pick<TarEntry, "mode" | "mtime" | "uid" | "gid" | "uname" | "gname">>;
  content?: Uint8Array;
}

/** What `afterArchive` receives. */
export interface ArchiveResult {
  job: string;
  output: string;
  format: string;
  files: number;
  bytesIn: number;
  bytesOut: number;
  elapsedMs: number;
  warnings: string[];
  /** sha256 of every regular file's stored content, by archive path. */
  digests: Map<string, string>;
}

type Awaitable<T> = T | Promise<T>;

/** A tarz plugin. */
export interface TarzPlugin {
  /** Shown in every message about this plugin. */
  name: string;
  /** Run before (`pre`) or after (`post`) the other plugins. */
  enforce?: "pre" | "post";
  /**
   * What a failure in this plugin does: `essential` fails the run (the default),
   * `optional` only warns, `skip-run` ends the run cleanly without an archive.
   */
  policy?: FailurePolicy;
  setup?(ctx: PluginContext): Awaitable<void>;
  beforeRun?(job: JobInfo): Awaitable<void | { abort: string }>;
  /** Runs for every path during the walk, so it must answer synchronously. */
  filterEntry?(entry: PluginEntry): FilterResult;
  transformEntry?(entry: PluginEntry): Awaitable<EntryTransform | void>;
  afterArchive?(result: ArchiveResult): Awaitable<void>;
  onError?(error: Error): Awaitable<void>;
  finally?(): Awaitable<void>;
}

/** What a `plugins` array may hold: plugins, falsy values and nested arrays. */
export type PluginOption = TarzPlugin | false | null | undefined | 0 | "" | PluginOption[];
