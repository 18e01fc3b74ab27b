/**
 * How a terminal reflows lines that it drew at one width when it gets narrower: most
 * (tmux, VTE, Konsole, iTerm2, kitty, Windows Terminal) break each line into as many rows
 * as it now needs, so a display that erases only as many rows as it wrote leaves the rest
 * of its old lines behind.
 * @module
 */

// deno-lint-ignore no-control-regex
const _SGR = /\x1b\[[0-9;]*m/g;

/** Whether `cp` takes two cells (East Asian wide and fullwidth forms, emoji). */
function _wide(cp: number): boolean {
  return (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) || (cp >= 0x20000 && cp <= 0x3fffd);
}

/** The cells that `line` takes on a terminal, colour codes left out. */
export function displayWidth(line: string): number {
  let n = 0;
  for (const ch of line.replace(_SGR, "")) n += _wide(ch.codePointAt(0)!) ? 2 : 1;
  return n;
}

/** The rows that `frame`'s lines take once reflowed to `columns`; an empty line takes one. */
export function rowsAt(frame: string, columns: number): number {
  const w = Math.max(1, columns);
  return frame.split("\n").reduce(
    (rows, line) => rows + Math.max(1, Math.ceil(displayWidth(line) / w)),
    0,
  );
}
