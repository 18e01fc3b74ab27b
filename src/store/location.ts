/**
 * Where an archive lives: a local path, a `file://` URL, `s3://bucket/key`, or
 * `rclone:REMOTE:path` (any remote of the user's rclone config). Parsing is pure. A string
 * with a scheme (`name://`) is never taken as a local path: an unknown scheme is an error
 * that lists the supported ones.
 * @module
 */
import { UsageError } from "../errors.ts";

/**
 * The schemes tarz reads and writes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SCHEMES } from "./location.ts";
 * assert.ok(SCHEMES.includes("s3"));
 * ```
 */
export const SCHEMES = ["file", "s3", "sftp", "rclone"] as const;

/** A parsed location. */
export type Location =
  | { kind: "local"; path: string }
  | { kind: "s3"; bucket: string; key: string }
  | { kind: "rclone"; remote: string; key: string }
  | { kind: "sftp"; host: string; user?: string; port?: number; key: string };

/**
 * Thrown for a location tarz cannot use (exit code 2).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { LocationError, parseLocation } from "./location.ts";
 * assert.throws(() => parseLocation("ftp://host/a.tar"), LocationError);
 * ```
 */
export class LocationError extends UsageError {
  /** Always "LocationError". */
  override name = "LocationError";
}

const _SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;
const _RCLONE = /^rclone:([^:/]+):(.*)$/s;

/** Whether `s` names a remote location (any scheme but `file://`, or an rclone remote). */
export function isRemote(s: string): boolean {
  if (s.startsWith("rclone:")) return true;
  const m = _SCHEME.exec(s);
  return m !== null && m[1].toLowerCase() !== "file";
}

/** How the supported locations are written, for messages. */
export const LOCATION_FORMS =
  "a local path, file://PATH, s3://BUCKET/KEY, sftp://[USER@]HOST[:PORT]/PATH or rclone:REMOTE:PATH";

/**
 * Parses `s`. A local path is kept as written; `file://` URLs are decoded; `s3://` needs a
 * bucket, and the key may be empty (a prefix: the bucket's top).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseLocation } from "./location.ts";
 * assert.deepEqual(parseLocation("s3://backups/home.tar.zst"), {
 *   kind: "s3",
 *   bucket: "backups",
 *   key: "home.tar.zst",
 * });
 * ```
 */
export function parseLocation(s: string): Location {
  if (s.startsWith("rclone:")) {
    const r = _RCLONE.exec(s);
    if (!r) {
      throw new LocationError(`Cannot use ${s}: an rclone location is rclone:REMOTE:PATH`);
    }
    return { kind: "rclone", remote: r[1], key: r[2] };
  }
  const m = _SCHEME.exec(s);
  if (!m) return { kind: "local", path: s };
  const scheme = m[1].toLowerCase();
  const rest = s.slice(m[0].length);
  if (scheme === "file") {
    const path = rest.startsWith("/") ? rest : rest.replace(/^[^/]*/, ""); // file://host/p
    if (!path) throw new LocationError(`Cannot use ${s}: a file:// URL needs a path`);
    return { kind: "local", path: decodeURIComponent(path) };
  }
  if (scheme === "s3") {
    const slash = rest.indexOf("/");
    const bucket = slash < 0 ? rest : rest.slice(0, slash);
    const key = slash < 0 ? "" : rest.slice(slash + 1);
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
      throw new LocationError(
        `Cannot use ${s}: "${bucket}" is not a bucket name`,
        "write s3://BUCKET/KEY, with a bucket of 3–63 lowercase letters, digits, dots and dashes",
      );
    }
    return { kind: "s3", bucket, key };
  }
  if (scheme === "sftp") return _sftp(s, rest);
  throw new LocationError(
    `Cannot use ${s}: tarz does not know the scheme ${m[1]}://`,
    `use ${LOCATION_FORMS}`,
  );
}

/** `sftp://[user@]host[:port]/path`: `/~/path` is below the login directory. */
function _sftp(s: string, rest: string): Location {
  const m = /^(?:([^@/]+)@)?(\[[^\]]+\]|[^:/]+)(?::(\d+))?(\/.*)?$/.exec(rest);
  if (!m || !m[4] || m[4] === "/") {
    throw new LocationError(
      `Cannot use ${s}: an SFTP location is sftp://[USER@]HOST[:PORT]/PATH`,
      "give the path on the server: /srv/backup/… or /~/backup/… below the login directory",
    );
  }
  const path = m[4].startsWith("/~/") ? m[4].slice(3) : m[4];
  return {
    kind: "sftp",
    host: m[2].replace(/^\[|\]$/g, ""),
    user: m[1] ? decodeURIComponent(m[1]) : undefined,
    port: m[3] ? Number(m[3]) : undefined,
    key: decodeURIComponent(path),
  };
}

/**
 * The location as a string, the way a user writes it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatLocation } from "./location.ts";
 * assert.equal(formatLocation({ kind: "s3", bucket: "b-1", key: "k" }), "s3://b-1/k");
 * ```
 */
export function formatLocation(l: Location): string {
  if (l.kind === "local") return l.path;
  if (l.kind === "sftp") {
    const where = `${l.user ? `${l.user}@` : ""}${l.host}${l.port ? `:${l.port}` : ""}`;
    return `sftp://${where}${l.key.startsWith("/") ? l.key : `/~/${l.key}`}`;
  }
  return l.kind === "s3" ? `s3://${l.bucket}/${l.key}` : `rclone:${l.remote}:${l.key}`;
}

/** The location's directory (what holds it) and its name. */
export function splitLocation(l: Location): { dir: Location; name: string } {
  if (l.kind === "local") {
    const slash = l.path.lastIndexOf("/");
    return {
      dir: { kind: "local", path: slash < 0 ? "." : l.path.slice(0, slash) || "/" },
      name: l.path.slice(slash + 1),
    };
  }
  const slash = l.key.lastIndexOf("/");
  return {
    dir: { ...l, key: slash < 0 ? "" : l.key.slice(0, slash + 1) },
    name: l.key.slice(slash + 1),
  };
}

/** The location of `name` inside directory `dir`. */
export function childLocation(dir: Location, name: string): Location {
  if (dir.kind === "local") {
    return {
      kind: "local",
      path: dir.path.endsWith("/") ? dir.path + name : `${dir.path}/${name}`,
    };
  }
  const base = dir.key === "" || dir.key.endsWith("/") ? dir.key : `${dir.key}/`;
  return { ...dir, key: base + name };
}
