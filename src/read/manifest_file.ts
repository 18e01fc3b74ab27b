/**
 * The manifest sidecar (`<archive>.manifest.json`) that the manifest plugin writes and
 * `tarz verify --manifest` reads: the sha256 of every regular file as stored. Beside an
 * encrypted archive it is encrypted too (`<archive>.manifest.json.age`).
 * @module
 */
import { TarzError, UsageError } from "../errors.ts";
import { decryptStream, encryptStream, isAge } from "../crypto/age_stream.ts";
import { isRemote, readWhole, type StorageSettings, storeFor } from "../store/store_for.ts";
import { S3Error } from "../store/s3/s3_client.ts";
import { concatBytes } from "../util/bytes.ts";

/** The manifest file's content. */
export interface Manifest {
  /** The archive's file name. */
  archive: string;
  job: string;
  /** ISO 8601 time of writing. */
  created: string;
  /** sha256 (hex) of each regular file, by archive path. */
  files: Record<string, string>;
  /**
   * Where each member's first header starts in the tar stream (before compression), by
   * archive path: with a seekable archive, one member is fetched alone.
   */
  offsets?: Record<string, number>;
  /**
   * For parallel `.tar.gz`: each gzip member's compressed and decompressed size, in order
   * (what zstd's seek table says of a `.tar.zst`).
   */
  frames?: [number, number][];
}

/**
 * Where the manifest of `archive` is: `<archive>.manifest.json`, or, for an encrypted
 * archive, `<archive>.manifest.json.age`, encrypted to the same recipients.
 */
export function manifestPathOf(archive: string): string {
  return archive.endsWith(".age") ? `${archive}.manifest.json.age` : `${archive}.manifest.json`;
}

/**
 * Writes a manifest atomically (temporary file, then rename); with `recipients`, encrypted
 * to them, so that an encrypted archive's file names and hashes do not lie beside it in
 * the clear.
 */
export async function writeManifest(
  path: string,
  manifest: Manifest,
  recipients?: string[],
  storage?: StorageSettings,
): Promise<void> {
  const text = new TextEncoder().encode(JSON.stringify(manifest, null, 2) + "\n");
  try {
    const bytes = recipients?.length
      ? await _collect(encryptStream(ReadableStream.from([text]), recipients))
      : text;
    const { store, key } = storeFor(path, storage);
    await store.put(key, bytes, { force: true });
  } catch (e) {
    throw new TarzError(`Cannot write manifest ${path}: ${(e as Error).message}`, 1, undefined, {
      cause: e,
    });
  }
}

/** Reads and checks a manifest; an encrypted one (age) needs `identities`. */
export async function readManifest(
  path: string,
  identities?: string[],
  storage?: StorageSettings,
): Promise<Manifest> {
  let bytes: Uint8Array;
  try {
    bytes = isRemote(path) ? await readWhole(path, storage) : Deno.readFileSync(path);
  } catch (e) {
    if (e instanceof S3Error && e.status !== 404) throw e;
    throw new UsageError(
      `Cannot read manifest ${path}: no such file`,
      "pass the .manifest.json written with the archive",
    );
  }
  if (isAge(bytes)) {
    if (!identities?.length) {
      throw new UsageError(`The manifest ${path} is encrypted`, "give an age identity to read it", {
        remedy: "identity",
      });
    }
    bytes = await _collect(decryptStream(ReadableStream.from([bytes]), identities, path));
  }
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new UsageError(
      `Cannot read manifest ${path}: not JSON`,
      "pass the .manifest.json written with the archive",
    );
  }
  const files = (data as Manifest | null)?.files;
  if (typeof files !== "object" || files === null) {
    throw new UsageError(`Cannot read manifest ${path}: it has no "files" map`);
  }
  return data as Manifest;
}

/**
 * The manifest beside `archive` when it records each member's offset: what reading only
 * some members, or only the names, needs. Null when there is none tarz reads here (missing,
 * encrypted, not JSON, without offsets): then the archive itself is read. `onBytes` is
 * told how many bytes were fetched.
 */
export async function offsetsManifest(
  archive: string,
  storage?: StorageSettings,
  onBytes?: (n: number) => void,
): Promise<(Manifest & { offsets: Record<string, number> }) | null> {
  try {
    const bytes = await readWhole(manifestPathOf(archive), storage);
    onBytes?.(bytes.length);
    const m = JSON.parse(new TextDecoder().decode(bytes)) as Manifest | null;
    if (!m || typeof m !== "object" || !m.offsets || typeof m.offsets !== "object") return null;
    return m as Manifest & { offsets: Record<string, number> };
  } catch {
    return null;
  }
}

async function _collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const c of chunks) parts.push(c);
  return concatBytes(parts);
}
