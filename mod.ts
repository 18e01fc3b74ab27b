/**
 * tarz as a library: create, list, extract and verify tar archives in every common format.
 *
 * @example
 * ```ts
 * import { createArchive } from "./mod.ts";
 * const dir = Deno.makeTempDirSync();
 * Deno.writeTextFileSync(`${dir}/a.txt`, "hi");
 * const summary = await createArchive({ sources: ["a.txt"], cwd: dir, output: `${dir}/a.tar.zst` });
 * console.assert(summary.files === 1);
 * ```
 * @module
 */
export {
  createArchive,
  type CreateOptions,
  type CreateSummary,
} from "./src/create/create_archive.ts";
export { type Format, FORMATS } from "./src/compress/format.ts";
export { type ProgressSnapshot, ProgressState } from "./src/progress/progress_state.ts";
export { CancelledError, RunControl } from "./src/util/run_control.ts";
export { ExitCode, TarzError, UsageError } from "./src/errors.ts";
export type { EntryType, TarEntry } from "./src/tar/entry.ts";
