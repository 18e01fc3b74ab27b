/**
 * How members are shown by `tarz list`: plain names, `tar -tv` long lines, or JSON. Pure.
 * @module
 */
import type { TarEntry } from "../tar/entry.ts";
import { encodeBase64 } from "../util/bytes.ts";
import { encodeName, hasRawBytes, printableName } from "../tar/name_bytes.ts";

const JSON_TYPE: Record<TarEntry["type"], string> = {
  file: "file",
  directory: "dir",
  symlink: "symlink",
  hardlink: "hardlink",
  "char-device": "char",
  "block-device": "block",
  fifo: "fifo",
};

/**
 * The JSON object for one member. A name or link target that is not UTF-8 is shown escaped
 * (as {@linkcode printableName} does) and given exactly, as base64 of its bytes, in
 * `nameBase64` or `linknameBase64`.
 */
export function entryToJson(e: TarEntry): Record<string, unknown> {
  const raw = (key: string, s: string) =>
    hasRawBytes(s) ? { [`${key}Base64`]: encodeBase64(encodeName(s)) } : {};
  return {
    name: hasRawBytes(e.path) ? printableName(e.path) : e.path,
    ...raw("name", e.path),
    type: JSON_TYPE[e.type],
    size: e.size,
    mode: e.mode & 0o7777,
    mtime: e.mtime,
    uid: e.uid,
    gid: e.gid,
    uname: e.uname,
    gname: e.gname,
    linkname: hasRawBytes(e.linkname) ? printableName(e.linkname) : e.linkname,
    ...raw("linkname", e.linkname),
    ...(e.sparse ? { sparse: true } : {}),
  };
}

const TYPE_CHAR: Record<TarEntry["type"], string> = {
  file: "-",
  directory: "d",
  symlink: "l",
  hardlink: "h",
  "char-device": "c",
  "block-device": "b",
  fifo: "p",
};

/** A `tar -tv` style line: mode, owner, size, date, name and link. */
export function formatLong(e: TarEntry): string {
  const m = e.mode;
  const bit = (b: number, c: string) => (m & b ? c : "-");
  let perms = TYPE_CHAR[e.type] + bit(0o400, "r") + bit(0o200, "w") +
    (m & 0o4000 ? (m & 0o100 ? "s" : "S") : bit(0o100, "x")) + bit(0o40, "r") + bit(0o20, "w") +
    (m & 0o2000 ? (m & 0o10 ? "s" : "S") : bit(0o10, "x")) + bit(0o4, "r") + bit(0o2, "w") +
    (m & 0o1000 ? (m & 0o1 ? "t" : "T") : bit(0o1, "x"));
  if (perms.length !== 10) perms = perms.slice(0, 10);
  const owner = `${e.uname || e.uid}/${e.gname || e.gid}`;
  const size = e.type === "char-device" || e.type === "block-device"
    ? `${e.devmajor},${e.devminor}`
    : String(e.size);
  const d = new Date(Math.floor(e.mtime) * 1000);
  const date = Number.isNaN(d.getTime())
    ? "????-??-?? ??:??"
    : d.toISOString().slice(0, 16).replace("T", " ");
  const name = listedName(e);
  const link = e.type === "symlink"
    ? ` -> ${printableName(e.linkname)}`
    : e.type === "hardlink"
    ? ` link to ${printableName(e.linkname)}`
    : "";
  return `${perms} ${owner.padEnd(13)} ${size.padStart(9)} ${date} ${name}${link}`;
}

/** The name `tarz list` prints: escaped as GNU tar does, a directory with "/" after it. */
export function listedName(e: TarEntry): string {
  const name = printableName(e.path);
  return e.type === "directory" ? `${name}/` : name;
}
