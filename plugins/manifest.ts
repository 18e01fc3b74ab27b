/**
 * `manifest()`: writes `<archive>.manifest.json` next to the archive, with the sha256 of
 * every regular file as stored. `tarz verify --manifest` checks an archive against it.
 * @module
 */
import type { ArchiveResult, TarzPlugin } from "../src/plugin/plugin.ts";
import { writeManifest } from "../src/read/manifest_file.ts";

/** Options for {@linkcode manifest}. */
export interface ManifestOptions {
  /**
   * Where to write it; `{archive}` is the archive's path.
   * @default {"{archive}.manifest.json"}
   */
  path?: string;
}

/**
 * Creates the plugin.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { manifest } from "./manifest.ts";
 * assert.ok(manifest().name === "manifest");
 * ```
 */
export function manifest(options: ManifestOptions = {}): TarzPlugin {
  const template = options.path ?? "{archive}.manifest.json";
  return {
    name: "manifest",
    afterArchive(result: ArchiveResult) {
      if (result.output === "-") return;
      writeManifest(template.replaceAll("{archive}", result.output), {
        archive: result.output.slice(result.output.lastIndexOf("/") + 1),
        job: result.job,
        created: new Date().toISOString(),
        files: Object.fromEntries([...result.digests].sort(([a], [b]) => a < b ? -1 : 1)),
      });
    },
  };
}
