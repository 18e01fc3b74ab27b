/**
 * tarz as a library: create, list, extract and verify tar archives in every common format.
 *
 * Each call takes an options object whose defaults are documented on its fields. A run can
 * be cancelled with an `AbortSignal` (`signal`); plugins are passed as plugin objects.
 * Errors are {@linkcode TarzError}s that say what failed, keep their `cause`, and name a
 * {@linkcode Remedy}. Most of the file work is synchronous I/O done in slices of about
 * 200 ms, between which the event loop runs timers and signal handlers, so a caller's own
 * timers may wait that long.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createArchive } from "./mod.ts";
 * const dir = Deno.makeTempDirSync();
 * Deno.writeTextFileSync(`${dir}/a.txt`, "hi");
 * const summary = await createArchive({ sources: ["a.txt"], cwd: dir, output: `${dir}/a.tar.zst` });
 * assert.ok(summary.files === 1);
 * ```
 * @module
 */
export {
  createArchive,
  type CreateOptions,
  type CreateSummary,
} from "./src/create/create_archive.ts";
export type { StalePartial } from "./src/sink/stale_partials.ts";
export { type StorageSettings, storeFor } from "./src/store/store_for.ts";
export type { S3Settings } from "./src/store/s3/s3_config.ts";
export { S3Error } from "./src/store/s3/s3_client.ts";
export {
  formatLocation,
  type Location,
  LocationError,
  parseLocation,
  SCHEMES,
} from "./src/store/location.ts";
export type {
  CreateOptions as StoreCreateOptions,
  ObjectInfo,
  ObjectWriter,
  Store,
} from "./src/store/store.ts";
export { type Format, FORMATS } from "./src/compress/format.ts";
export { type ProgressSnapshot, ProgressState } from "./src/progress/progress_state.ts";
export { CancelledError, RunControl } from "./src/util/run_control.ts";
export {
  ExitCode,
  type Remedy,
  TarzError,
  type TarzErrorOptions,
  UsageError,
} from "./src/errors.ts";
export type { EntryType, SparseRegion, TarEntry } from "./src/tar/entry.ts";
export { listArchive, type ListOptions, type ListSummary } from "./src/read/list_archive.ts";
export {
  extractArchive,
  type ExtractOptions,
  type ExtractSummary,
} from "./src/extract/extract_archive.ts";
export {
  type Difference,
  verifyArchive,
  type VerifyOptions,
  type VerifySummary,
} from "./src/read/verify_archive.ts";
export { defineConfig } from "./src/config/define_config.ts";
export type { ConfigDefaults, JobConfig, TarzConfig } from "./src/config/types.ts";
export { ConfigError } from "./src/config/config_error.ts";
export type { Plan, PlannedEntry, PlanTotals } from "./src/create/plan.ts";
export {
  applyRetention,
  type RetentionDecision,
  type RetentionPolicy,
  type Snapshot,
} from "./src/backup/retention.ts";
export type {
  ArchiveResult,
  Awaitable,
  EntryTransform,
  FailurePolicy,
  FilterResult,
  JobInfo,
  PluginContext,
  PluginEntry,
  PluginOption,
  TarzPlugin,
} from "./src/plugin/plugin.ts";
export {
  type HookName,
  HookRunner,
  HOOKS,
  PluginError,
  RunSkipped,
} from "./src/plugin/hook_runner.ts";
export { type Decision, type RuleOrigin, RuleSet } from "./src/rules/rule_set.ts";
export type { ExcludeRule } from "./src/rules/exclude_rules.ts";
export type { OverwritePolicy } from "./src/extract/extractor.ts";
export { gitignore, type GitignoreOptions } from "./plugins/gitignore.ts";
export { manifest, type ManifestOptions } from "./plugins/manifest.ts";
export { command, type CommandOptions } from "./plugins/command.ts";
export { notify, type NotifyEvent, type NotifyOptions } from "./plugins/notify.ts";
