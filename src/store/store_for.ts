/**
 * The store a location is in, and the location's key there. A local path needs nothing;
 * an `s3://` location gets an S3 client with credentials from the standard places, and
 * `rclone:REMOTE:path` the system rclone.
 * @module
 */
import { isRemote, type Location, parseLocation } from "./location.ts";
import { LocalStore } from "./local_store.ts";
import { S3Store } from "./s3/s3_store.ts";
import { RcloneStore } from "./rclone/rclone_store.ts";
import { SftpStore } from "./sftp/sftp_store.ts";
import type { S3Settings } from "./s3/s3_config.ts";
import type { Store } from "./store.ts";
import { concatBytes } from "../util/bytes.ts";

/** Settings for the remote stores (a job's `storage`). */
export interface StorageSettings {
  /** For `s3://` locations. */
  s3?: S3Settings;
  /** For `sftp://` locations: the ssh command (`TARZ_RSH` wins over it). */
  sftp?: { command?: string };
}

const _local = new LocalStore();
const _s3 = new Map<string, S3Store>();
const _rclone = new Map<string, RcloneStore>();
const _sftp = new Map<string, SftpStore>();

/**
 * The store of `location` (a string as the user wrote it, or parsed) and its key there.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { storeFor } from "./store_for.ts";
 * const { key, location } = storeFor("out/home.tar.zst");
 * assert.ok(key === "out/home.tar.zst" && location.kind === "local");
 * ```
 */
export function storeFor(
  location: string | Location,
  settings: StorageSettings = {},
): { store: Store; key: string; location: Location } {
  const l = typeof location === "string" ? parseLocation(location) : location;
  if (l.kind === "local") return { store: _local, key: l.path, location: l };
  if (l.kind === "sftp") {
    const id = `${l.user ?? ""}@${l.host}:${l.port ?? ""}\0${settings.sftp?.command ?? ""}`;
    let store = _sftp.get(id);
    if (!store) {
      const target = { host: l.host, user: l.user, port: l.port };
      _sftp.set(id, store = new SftpStore(target, settings.sftp?.command));
    }
    return { store, key: l.key, location: l };
  }
  if (l.kind === "rclone") {
    let store = _rclone.get(l.remote);
    if (!store) _rclone.set(l.remote, store = new RcloneStore(l.remote));
    return { store, key: l.key, location: l };
  }
  const id = `${l.bucket}\0${JSON.stringify(settings.s3 ?? {})}`;
  let store = _s3.get(id);
  if (!store) _s3.set(id, store = new S3Store(l.bucket, settings.s3));
  return { store, key: l.key, location: l };
}

/** Whether `s` is a remote location; re-exported for callers that only need to know. */
export { isRemote };

/** Reads a whole (small) object: a manifest, a snapshot. */
export function readWhole(location: string, settings?: StorageSettings): Promise<Uint8Array> {
  const { store, key } = storeFor(location, settings);
  return readBytes(store, key);
}

/** An object's bytes in one array: from `offset`, `length` of them or to the end. */
export async function readBytes(
  store: Store,
  key: string,
  offset?: number,
  length?: number,
): Promise<Uint8Array> {
  const { chunks } = await store.read(key, offset, length);
  const parts: Uint8Array[] = [];
  for await (const c of chunks) parts.push(c.slice()); // a store may reuse its buffers
  return concatBytes(parts);
}
