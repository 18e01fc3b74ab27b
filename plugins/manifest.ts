/**
 * `manifest()`: writes `<archive>.manifest.json` next to the archive, with the sha256 of
 * every regular file as stored. `tarz verify --manifest` checks an archive against it.
 * Beside an encrypted archive it is encrypted to the same recipients, and named
 * `<archive>.manifest.json.age`.
 * @module
 */
import type { ArchiveResult, TarzPlugin } from "../src/plugin/plugin.ts";
import { writeManifest } from "../src/read/manifest_file.ts";
import { baseName } from "../src/util/paths.ts";

/** Options for {@linkcode manifest}. */
export interface ManifestOptions {
  /**
   * Where to write it; `{archive}` is the archive's path (`.age` is added for an encrypted
   * archive).
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
    async afterArchive(result: ArchiveResult) {
      if (result.output === "-") return;
      const path = template.replaceAll("{archive}", result.output);
      const sealed = result.recipients?.length ? `${path}.age` : path;
      await writeManifest(
        sealed,
        {
          archive: baseName(result.output),
          job: result.job,
          created: new Date().toISOString(),
          files: Object.fromEntries([...result.digests].sort(([a], [b]) => a < b ? -1 : 1)),
          offsets: result.members ? Object.fromEntries(result.members) : undefined,
          frames: result.frames?.map((f) => [f.compressed, f.decompressed]),
        },
        result.recipients,
        result.storage,
      );
    },
  };
}
