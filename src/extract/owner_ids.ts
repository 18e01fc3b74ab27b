/**
 * Owners as GNU tar restores them when run as root: by the member's user and group name
 * where this system knows the name (`/etc/passwd`, `/etc/group`), else by the numeric id
 * in the header. Names from other sources (LDAP through NSS) are not looked up; their ids
 * are used.
 * @module
 */

/**
 * The name-to-id table of a passwd or group file (`name:x:id:...` lines). Pure.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseIdTable } from "./owner_ids.ts";
 * const t = parseIdTable("root:x:0:0::/root:/bin/sh\n# note\nwww:x:33:33::/var/www:/bin/false\n");
 * assert.equal(t.get("www"), 33);
 * ```
 */
export function parseIdTable(text: string): Map<string, number> {
  const table = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const [name, , id] = line.split(":");
    const n = Number(id);
    if (name && id !== "" && Number.isInteger(n) && n >= 0 && !table.has(name)) {
      table.set(name, n);
    }
  }
  return table;
}

/** Maps a member's owner to this system's ids, names first. */
export class OwnerIds {
  #users: Map<string, number> | undefined;
  #groups: Map<string, number> | undefined;

  /** The uid for `uname` here, else `uid`. */
  uidOf(uname: string, uid: number): number {
    this.#users ??= _table("/etc/passwd");
    return (uname ? this.#users.get(uname) : undefined) ?? uid;
  }

  /** The gid for `gname` here, else `gid`. */
  gidOf(gname: string, gid: number): number {
    this.#groups ??= _table("/etc/group");
    return (gname ? this.#groups.get(gname) : undefined) ?? gid;
  }
}

function _table(path: string): Map<string, number> {
  try {
    return parseIdTable(Deno.readTextFileSync(path));
  } catch {
    return new Map(); // no such file (macOS keeps users elsewhere): the ids are used
  }
}
