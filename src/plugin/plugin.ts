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
import type { StorageSettings } from "../store/store_for.ts";
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
  /** The job's name. */
  name: string;
  /** The sources, relative to cwd. */
  sources: string[];
  /** Directory the sources are relative to. */
  cwd: string;
  /** The archive that will be written. */
  output: string;
  /** True for --dry-run: nothing will be written. */
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
  /** New metadata; the name, type and link target cannot change. */
  entry?: Partial<Pick<TarEntry, "mode" | "mtime" | "uid" | "gid" | "uname" | "gname">>;
  /** New content; its length becomes the entry's size. */
  content?: Uint8Array;
}

/** What `afterArchive` receives. */
export interface ArchiveResult {
  /** The job's name. */
  job: string;
  /** The archive written. */
  output: string;
  /** Its compression. */
  format: string;
  /** Regular files archived. */
  files: number;
  /** File data read. */
  bytesIn: number;
  /** Archive bytes written. */
  bytesOut: number;
  /** Wall time of the run. */
  elapsedMs: number;
  /** Warnings so far. */
  warnings: string[];
  /** sha256 of every regular file's stored content, by archive path. */
  digests: Map<string, string>;
  /**
   * Every member's name and the offset of its first header in the tar stream (before
   * compression), in archive order: what a reader needs to fetch one member alone.
   */
  members?: [string, number][];
  /**
   * The sizes of the independent gzip members of parallel `.tar.gz` output, in order: with
   * the offsets, a reader can fetch one member's gzip members alone.
   */
  frames?: { compressed: number; decompressed: number }[];
  /**
   * The age recipients the archive was encrypted to, if it was: what a plugin writes beside
   * it about its contents must be encrypted to them too.
   */
  recipients?: string[];
  /** Settings of the store the archive went to, for what a plugin writes beside it. */
  storage?: StorageSettings;
}

/** A value, or a promise of it: hooks may be sync or async. */
export type Awaitable<T> = T | Promise<T>;

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
  /** Called first, once: remember the context. */
  setup?(ctx: PluginContext): Awaitable<void>;
  /** Called before anything is read; return { abort } to end the run cleanly. */
  beforeRun?(job: JobInfo): Awaitable<void | { abort: string }>;
  /** Runs for every path during the walk, so it must answer synchronously. */
  filterEntry?(entry: PluginEntry): FilterResult;
  /** Called for every entry before it is written; may change metadata or content. */
  transformEntry?(entry: PluginEntry): Awaitable<EntryTransform | void>;
  /** Called when the archive is complete (all plugins in parallel). */
  afterArchive?(result: ArchiveResult): Awaitable<void>;
  /** Called when the run fails. */
  onError?(error: Error): Awaitable<void>;
  /** Called last, always. */
  finally?(): Awaitable<void>;
}

/** What a `plugins` array may hold: plugins, falsy values and nested arrays. */
export type PluginOption = TarzPlugin | false | null | undefined | 0 | "" | PluginOption[];
