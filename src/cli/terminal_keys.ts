/**
 * The keys typed during a run, read as bytes (terminal adapter). While it runs, the
 * terminal is in {@linkcode keysMode}: Ctrl-C is a byte, so two presses are two, however
 * busy the run is; typed keys are not echoed over the progress bars. Job control keeps
 * working: Ctrl-Z still stops tarz, nothing is read or set while tarz is in the background,
 * and the mode is set again when it comes back to the foreground.
 * @module
 */
import { isKeysMode, keysMode, type TermMode, type Tty, tty } from "../util/tty.ts";

/** How often typed keys are looked for, in milliseconds. */
const _POLL_MS = 25;

/** Reads typed keys until {@linkcode TerminalKeys.stop}. */
export class TerminalKeys {
  #tty: Tty;
  #saved: TermMode;
  #keys: TermMode;
  #timer: ReturnType<typeof setInterval>;
  #onByte: (byte: number) => void;
  #onUnload = () => this.stop();
  #stopped = false;

  /**
   * Starts reading keys, or returns null where the terminal can't be driven this way (no
   * terminal on stdin, no FFI, tarz in the background); signals then stay the only way.
   */
  static start(onByte: (byte: number) => void): TerminalKeys | null {
    const t = tty();
    if (!t || !t.foreground()) return null;
    try {
      return new TerminalKeys(t, t.getMode(), onByte);
    } catch {
      return null;
    }
  }

  private constructor(t: Tty, saved: TermMode, onByte: (byte: number) => void) {
    this.#tty = t;
    this.#saved = saved;
    this.#keys = keysMode(saved);
    this.#onByte = onByte;
    t.setMode(this.#keys);
    // Deno.exit skips `finally` blocks: the terminal is given back on every exit
    globalThis.addEventListener("unload", this.#onUnload);
    this.#timer = setInterval(() => this.#poll(), _POLL_MS);
  }

  #poll(): void {
    if (this.#stopped || !this.#tty.foreground()) return;
    // after Ctrl-Z and `fg`, the shell has set its own modes
    if (!isKeysMode(this.#tty.getMode())) this.#tty.setMode(this.#keys);
    for (const byte of this.#tty.readAvailable()) this.#onByte(byte);
  }

  /** Stops reading and gives the terminal its modes back; safe to call twice. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    clearInterval(this.#timer);
    globalThis.removeEventListener("unload", this.#onUnload);
    // in the background the shell owns the terminal and has set its modes already
    if (this.#tty.foreground()) this.#tty.setMode(this.#saved);
  }
}
