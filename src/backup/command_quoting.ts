/**
 * A command line written into a crontab or a systemd unit, quoted for what will read it,
 * so that a path with spaces, quotes, `;`, `$` or `%` is one argument and never code.
 * Pure.
 * @module
 */

/**
 * One argument for a POSIX shell: bare when it is plainly safe, else in single quotes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { shellQuote } from "./command_quoting.ts";
 * assert.equal(shellQuote("/usr/bin/tarz"), "/usr/bin/tarz");
 * assert.equal(shellQuote("it's;here"), `'it'\\''s;here'`);
 * ```
 */
export function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

/**
 * A crontab command: each argument quoted for `/bin/sh`, and `%`, which cron turns into a
 * newline, escaped. A newline cannot be written safely at all, so it is refused.
 */
export function cronCommand(argv: string[]): string {
  _noNewline(argv);
  return argv.map(shellQuote).join(" ").replaceAll("%", "\\%");
}

/**
 * A systemd `ExecStart=` command line: each argument in double quotes with `\` and `"`
 * escaped, and `%` (specifiers) and `$` (variables) doubled, per systemd.service(5).
 */
export function systemdCommand(argv: string[]): string {
  _noNewline(argv);
  return argv.map((a) => {
    const escaped = a.replaceAll("%", "%%").replaceAll("$", "$$$$");
    if (/^[A-Za-z0-9_@+=:,./-]+$/.test(escaped)) return escaped;
    return `"${escaped.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
  }).join(" ");
}

function _noNewline(argv: string[]): void {
  const bad = argv.find((a) => /[\n\r\0]/.test(a));
  if (bad !== undefined) {
    throw new Error(`${JSON.stringify(bad)} holds a line break, which a schedule cannot carry`);
  }
}
