/**
 * How members are shown by `tarz list`: plain names, `tar -tv` long lines, or JSON. Pure.
 * @module
 */
import type { TarEntry } from "../tar/entry.ts";

const JSON_TYPE: Record<TarEntry["type"], string> = {
  file: "file",
  directory: "dir",
  symlink: "symlink",
  hardlink: "hardlink",
  "char-device": "char",
  "block-device": "block",
  fifo: "fifo",
};

/** The JSON object for one member. */
export function entryToJson(e: TarEntry): Record<string, unknown> {
  return {
    name: e.path,
    type: JSON_TYPE[e.type],
    size: e.size,
    mode: e.mode & 0o7777,
    mtime: e.mtime,
    uid: e.uid,
    gid: e.gid,
    uname: e.uname,
    gname: e.gname,
    linkname: e.linkname,
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
  const name = e.type === "directory" ? `${e.path}/` : e.path;
  const link = e.type === "symlink"
    ? ` -> ${e.linkname}`
    : e.type === "hardlink"
    ? ` link to ${e.linkname}`
    : "";
  return `${perms} ${owner.padEnd(13)} ${size.padStart(9)} ${date} ${name}${link}`;
}
