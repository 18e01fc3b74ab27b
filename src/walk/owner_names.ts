/**
 * User and group names for numeric ids, read once from /etc/passwd and /etc/group.
 * (Deno has no getpwuid.) Unknown ids get an empty name, as GNU tar does.
 * @module
 */

/** Looks up names for uids and gids. */
export interface OwnerNames {
  user(uid: number): string;
  group(gid: number): string;
}

/** Parses `name:x:id:...` lines into an id → name map (first name wins). Pure. */
export function parseIdFile(text: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const line of text.split("\n")) {
    const f = line.split(":");
    if (f.length < 3) continue;
    const id = Number(f[2]);
    if (Number.isInteger(id) && !out.has(id)) out.set(id, f[0]);
  }
  return out;
}

/** Reads the system's name tables; missing files give empty names. */
export function systemOwnerNames(): OwnerNames {
  const users = _read("/etc/passwd");
  const groups = _read("/etc/group");
  return {
    user: (uid) => users.get(uid) ?? "",
    group: (gid) => groups.get(gid) ?? "",
  };
}

function _read(path: string): Map<number, string> {
  try {
    return parseIdFile(Deno.readTextFileSync(path));
  } catch {
    return new Map();
  }
}
