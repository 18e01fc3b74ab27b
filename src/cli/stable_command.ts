/**
 * The command a schedule runs: one that will still be there next month. A compiled tarz
 * runs itself; otherwise an installed `tarz` on PATH, else a `deno` that persists running
 * this main.ts. npx's cache and temporary directories are not that, and are named.
 * @module
 */
import { findOnPath } from "../util/find_on_path.ts";

/** A command line, and the part of it that looks temporary, if any. */
export interface StableCommand {
  argv: string[];
  /** A path in it that may be gone later (npm's cache, /tmp). */
  temporary?: string;
}

/** Whether `path` lies where things are cleared: npm's and npx's caches, /tmp. */
export function looksTemporary(path: string): boolean {
  return /\/(_npx|\.npm|node_modules)\/|^\/(tmp|var\/tmp)\//.test(path);
}

/** The command that starts this tarz in a way that lasts. */
export function stableCommand(
  exec = Deno.execPath(),
  main = new URL("../../main.ts", import.meta.url),
): StableCommand {
  if (!/(^|\/)deno(\.exe)?$/.test(exec)) return { argv: [exec] }; // a compiled tarz
  const installed = _lasting(findOnPath("tarz"));
  if (installed) return { argv: [installed] };
  const deno = looksTemporary(_real(exec)) ? _lasting(findOnPath("deno")) ?? exec : exec;
  const script = main.protocol === "file:" ? main.pathname : main.href;
  const argv = [deno, "run", "-A", script];
  return { argv, temporary: [deno, script].find((p) => looksTemporary(_real(p))) };
}

function _lasting(path: string | null): string | null {
  return path && !looksTemporary(_real(path)) ? path : null;
}

function _real(path: string): string {
  try {
    return Deno.realPathSync(path);
  } catch {
    return path; // a URL, or gone
  }
}
