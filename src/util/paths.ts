/**
 * Path arithmetic on "/"-separated paths. Pure.
 * @module
 */

/** The directory part of a "/"-separated path ("/" for a file at the root). */
export function dirOf(path: string): string {
  return path.slice(0, path.lastIndexOf("/")) || "/";
}

/** The last part of a "/"-separated path: the file's own name. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** Joins `path` onto `base` unless it is absolute, and removes `.`, `..` and doubled `/`. */
export function resolvePath(base: string, path: string): string {
  const full = path.startsWith("/") ? path : `${base}/${path}`;
  const out: string[] = [];
  for (const part of full.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return `/${out.join("/")}`;
}
