/**
 * `defineConfig`: the typed identity function a `tarz.config.ts` exports its config with.
 * @module
 */
import type { TarzConfig } from "./types.ts";

/**
 * Declares a tarz config. It returns its argument unchanged; its type gives editors
 * completion and checks for every key.
 *
 * @example
 * ```ts
 * import { defineConfig } from "./define_config.ts";
 * export default defineConfig({
 *   defaults: { format: "zstd" },
 *   jobs: { docs: { sources: ["docs"], output: "backups/{job}-{date}T{time}.tar.zst" } },
 * });
 * ```
 */
export function defineConfig(config: TarzConfig): TarzConfig {
  return config;
}
