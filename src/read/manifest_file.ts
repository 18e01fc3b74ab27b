/**
 * The manifest sidecar (`<archive>.manifest.json`) that the manifest plugin writes and
 * `tarz verify --manifest` reads: the sha256 of every regular file as stored.
 * @module
 */
import { TarzError, UsageError } from "../errors.ts";
import { writeTextAtomically } from "../sink/atomic_text.ts";

/** The manifest file's content. */
export interface Manifest {
  /** The archive's file name. */
  archive: string;
  job: string;
  /** ISO 8601 time of writing. */
  created: string;
  /** sha256 (hex) of each regular file, by archive path. */
  files: Record<string, string>;
}

/** Writes a manifest atomically (temporary file, then rename). */
export function writeManifest(path: string, manifest: Manifest): void {
  try {
    writeTextAtomically(path, JSON.stringify(manifest, null, 2) + "\n");
  } catch (e) {
    throw new TarzError(`Cannot write manifest ${path}: ${(e as Error).message}`);
  }
}

/** Reads and checks a manifest. */
export function readManifest(path: string): Manifest {
  let data: unknown;
  try {
    data = JSON.parse(Deno.readTextFileSync(path));
  } catch (e) {
    throw new UsageError(
      `Cannot read manifest ${path}: ${e instanceof SyntaxError ? "not JSON" : "no such file"}`,
      "pass the .manifest.json written with the archive",
    );
  }
  const files = (data as Manifest | null)?.files;
  if (typeof files !== "object" || files === null) {
    throw new UsageError(`Cannot read manifest ${path}: it has no "files" map`);
  }
  return data as Manifest;
}
