/**
 * The terminal calls that Deno's API lacks: the line discipline's modes (termios), the
 * foreground process group, and a read that never waits. Linux only, through
 * `Deno.dlopen`; {@linkcode tty} is null where that is not possible, and callers then keep
 * to Deno's own API.
 * @module
 */
import { openLibc } from "./libc.ts";

/** A terminal's modes, as tcgetattr(3) fills them (glibc's `struct termios`). */
export type TermMode = Uint8Array;

/** Standard input's terminal. */
export interface Tty {
  /** Whether this process's group is the terminal's foreground group (job control). */
  foreground(): boolean;
  /** The current modes. */
  getMode(): TermMode;
  /** Sets the modes at once (TCSANOW). Only the foreground group may: check first. */
  setMode(mode: TermMode): void;
  /** The bytes typed so far; empty at once when none are (needs VMIN = VTIME = 0). */
  readAvailable(): Uint8Array;
}

const SYMBOLS = {
  tcgetattr: { parameters: ["i32", "buffer"], result: "i32" },
  tcsetattr: { parameters: ["i32", "i32", "buffer"], result: "i32" },
  tcgetpgrp: { parameters: ["i32"], result: "i32" },
  getpgrp: { parameters: [], result: "i32" },
  read: { parameters: ["i32", "buffer", "usize"], result: "isize" },
} as const;

/** glibc's struct termios: four flag words, c_line, then c_cc[32]. */
const _LFLAG = 12;
const _CC = 17;
const _VINTR = 0;
const _VTIME = 5;
const _VMIN = 6;
const _ICANON = 0o2;
const _ECHO = 0o10;
const _TERMIOS_SIZE = 64;

/**
 * `mode` changed so that keys arrive one by one, unechoed, and Ctrl-C arrives as the byte
 * 0x03 instead of a SIGINT: signals that come in a burst are merged before a busy event
 * loop sees them, bytes are not. Ctrl-Z and Ctrl-\ keep their signals. Reads never wait.
 */
export function keysMode(mode: TermMode): TermMode {
  const m = mode.slice();
  const v = new DataView(m.buffer);
  v.setUint32(_LFLAG, v.getUint32(_LFLAG, true) & ~(_ICANON | _ECHO), true);
  m[_CC + _VINTR] = 0; // _POSIX_VDISABLE
  m[_CC + _VMIN] = 0;
  m[_CC + _VTIME] = 0;
  return m;
}

/** Whether `mode` is one {@linkcode keysMode} made (a shell may have reset it since). */
export function isKeysMode(mode: TermMode): boolean {
  const lflag = new DataView(mode.buffer, mode.byteOffset).getUint32(_LFLAG, true);
  return (lflag & (_ICANON | _ECHO)) === 0 && mode[_CC + _VINTR] === 0;
}

let _loaded: Tty | null | undefined;

/** Standard input's terminal calls, or null (not Linux, no FFI permission, no terminal). */
export function tty(): Tty | null {
  if (_loaded !== undefined) return _loaded;
  const lib = Deno.stdin.isTerminal() ? openLibc(SYMBOLS) : null;
  _loaded = lib ? _bind(lib) : null;
  return _loaded;
}

function _bind(lib: Deno.DynamicLibrary<typeof SYMBOLS>["symbols"]): Tty {
  const buf = new Uint8Array(256);
  return {
    foreground: () => lib.tcgetpgrp(0) === lib.getpgrp(),
    getMode() {
      const m = new Uint8Array(_TERMIOS_SIZE);
      if (lib.tcgetattr(0, m) !== 0) throw new Error("tcgetattr failed on standard input");
      return m;
    },
    setMode(mode) {
      if (lib.tcsetattr(0, 0, mode) !== 0) throw new Error("tcsetattr failed on standard input");
    },
    readAvailable() {
      const n = Number(lib.read(0, buf, BigInt(buf.length)));
      return n > 0 ? buf.slice(0, n) : new Uint8Array(0);
    },
  };
}
