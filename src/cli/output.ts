/**
 * Writing to the terminal: messages on stderr, results on stdout, colour only when allowed.
 * @module
 */

import { showRawBytes } from "../tar/name_bytes.ts";

const encoder = new TextEncoder();

/** Whether colour is allowed (NO_COLOR unset, --no-color not given, stderr a terminal). */
export const colorState = { enabled: !Deno.env.get("NO_COLOR") && Deno.stderr.isTerminal() };

/** Writes a line to stderr. */
export function say(line: string): void {
  Deno.stderr.writeSync(encoder.encode(showRawBytes(line) + "\n"));
}

/** Writes a line to stdout. */
export function print(line: string): void {
  let data = encoder.encode(showRawBytes(line) + "\n");
  while (data.length) data = data.subarray(Deno.stdout.writeSync(data));
}

/** A warning line: `tarz: warning: …`. */
export function warn(message: string): void {
  say(`${_paint("33", "tarz: warning:")} ${message}`);
}

/** An error line with an optional hint line. */
export function fail(message: string, hint?: string): void {
  say(`${_paint("31", "tarz: error:")} ${message}`);
  if (hint) say(`${_paint("2", "hint:")} ${hint}`);
}

/** A hint line on its own: `hint: …`. */
export function hint(message: string): void {
  say(`${_paint("2", "hint:")} ${message}`);
}

function _paint(code: string, s: string): string {
  return colorState.enabled ? `\x1b[${code}m${s}\x1b[0m` : s;
}
