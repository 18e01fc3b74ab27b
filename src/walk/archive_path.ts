/**
 * Turning command-line sources into safe relative archive paths. Pure.
 * @module
 */

/**
 * Normalises a source path into its archive name: `./` and duplicate slashes dropped,
 * a leading `/` and leading `../` parts stripped (with a note), `.` meaning "the contents".
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { toArchivePath } from "./archive_path.ts";
 * assert.ok(toArchivePath("/etc/hosts").path === "etc/hosts");
 * ```
 */
export function toArchivePath(source: string): { path: string; note?: string } {
  const parts = source.split("/").filter((p) => p !== "" && p !== ".");
  let stripped = 0;
  while (parts[0] === "..") {
    parts.shift();
    stripped++;
  }
  const path = parts.filter((p) => p !== "..").join("/");
  if (source.startsWith("/")) {
    return { path, note: `Removing leading "/" from member names (${source})` };
  }
  if (stripped > 0 || parts.includes("..")) {
    return { path, note: `Removing ".." from member names (${source})` };
  }
  return { path };
}

/** Joins a directory and a name with one slash. */
export function joinPath(dir: string, name: string): string {
  if (dir === "" || dir === ".") return name;
  return dir.endsWith("/") ? `${dir}${name}` : `${dir}/${name}`;
}
