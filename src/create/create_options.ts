/**
 * What `createArchive` takes and what it reports.
 * @module
 */
import type { StorageSettings } from "../store/store_for.ts";
import type { Format } from "../compress/format.ts";
import type { HookRunner } from "../plugin/hook_runner.ts";
import type { PluginOption } from "../plugin/plugin.ts";
import type { RuleSet } from "../rules/rule_set.ts";
import type { ProgressState } from "../progress/progress_state.ts";
import type { ExcludeRule } from "../rules/exclude_rules.ts";
import type { StalePartial } from "../sink/stale_partials.ts";
import type { TarEntry } from "../tar/entry.ts";
import type { RunControl } from "../util/run_control.ts";
import type { Plan } from "./plan.ts";

/** Options for `createArchive`. */
export interface CreateOptions {
  /** Files and directories to archive, relative to `cwd`. */
  sources: string[];
  /** Output path, a URL (`s3://bucket/key`, `file://…`), or "-" for standard output. */
  output: string;
  /** Settings for a remote output (a job's `storage`); the environment wins over them. */
  storage?: StorageSettings;
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
  /** Archive bytes written per second of the run, for a remote output (upload speed). */
  uploadThroughput?: number;
  /** Per-file problems; any makes the CLI exit 3. */
  warnings: string[];
  /** True when nothing was written (--dry-run). */
  dryRun: boolean;
  /** Temporary files that killed runs had left beside the output, removed by this one. */
  staleRemoved?: StalePartial[];
  /** Set when a plugin ended the run on purpose; nothing was written. */
  skipped?: string;
}

/** The options inside a run, once plugins are a runner and a signal is a control. */
export type Resolved = Omit<CreateOptions, "plugins"> & { plugins?: HookRunner };
