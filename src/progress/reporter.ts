/**
 * Progress reporters: the terminal adapter (log-update on stderr, about 10 Hz), plain
 * periodic lines, NDJSON events, or nothing. They poll a {@linkcode ProgressState}.
 * @module
 */
import process from "node:process";
import type { ProgressState } from "./progress_state.ts";
import { renderBars, renderLine } from "./render.ts";
import { rowsAt } from "./reflow.ts";

/** How progress is shown. */
export type ProgressMode = "auto" | "tty" | "plain" | "json" | "none";

/** A running progress display. */
export interface Reporter {
  start(): void;
  /** Clears the display (before a prompt or the summary). */
  stop(): void;
  /** Writes an event line (JSON mode) or nothing. */
  event(kind: string, data: Record<string, unknown>): void;
}

/** Resolves `auto` to `tty` or `plain` from whether stderr is a terminal. */
export function resolveMode(mode: ProgressMode): Exclude<ProgressMode, "auto"> {
  if (mode !== "auto") return mode;
  return Deno.stderr.isTerminal() ? "tty" : "plain";
}

const encoder = new TextEncoder();

/**
 * Creates the reporter for a mode. log-update is loaded only for a terminal display, so
 * runs under cron, in pipes or with `--progress none` do not pay for loading it.
 */
export async function createReporter(
  mode: ProgressMode,
  state: ProgressState,
  verb = "Archiving",
  { color = false }: { color?: boolean } = {},
): Promise<Reporter> {
  const m = resolveMode(mode);
  let timer: ReturnType<typeof setInterval> | undefined;
  const every = (ms: number, f: () => void) => ({
    start() {
      if (timer === undefined) timer = setInterval(f, ms);
    },
    halt() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
    },
  });
  if (m === "tty") {
    const { createLogUpdate } = await import("log-update");
    // the cursor is hidden while the bars are drawn; done() shows it again, and so does
    // every exit (restore-cursor, through signal-exit)
    const log = createLogUpdate(process.stderr, { showCursor: false });
    let last = { frame: "", columns: 0 };
    const t = every(100, () => {
      const columns = _columns();
      if (last.frame && columns < last.columns) _eraseReflowed(log, last.frame, columns);
      last = { frame: renderBars(state.snapshot(), columns, verb, { color }), columns };
      log(last.frame);
    });
    return {
      start: t.start,
      stop() {
        t.halt();
        log.clear();
        log.done();
        last = { frame: "", columns: 0 }; // cleared: a resize now has nothing to erase
      },
      event() {},
    };
  }
  if (m === "plain") {
    const t = every(
      2000,
      () => Deno.stderr.writeSync(encoder.encode(renderLine(state.snapshot()) + "\n")),
    );
    return { start: t.start, stop: t.halt, event() {} };
  }
  if (m === "json") {
    const write = (o: unknown) => Deno.stderr.writeSync(encoder.encode(JSON.stringify(o) + "\n"));
    const t = every(500, () => write({ event: "progress", ...state.snapshot() }));
    return {
      start: t.start,
      stop: t.halt,
      event(kind, data) {
        write({ event: kind, ...data });
      },
    };
  }
  return { start() {}, stop() {}, event() {} };
}

/**
 * After the terminal got narrower: erases the rows that the last frame now takes (log-update
 * would erase only as many as it wrote, and leave half-lines above), then makes log-update
 * start afresh from the cursor, which sits on the row below the frame.
 */
function _eraseReflowed(
  log: { done(): void },
  frame: string,
  columns: number,
): void {
  const rows = rowsAt(frame, columns);
  // the row below the frame, then each row of it: clear, and up
  let seq = "\x1b[2K";
  for (let i = 0; i < rows; i++) seq += "\x1b[1A\x1b[2K";
  Deno.stderr.writeSync(encoder.encode(seq + "\r"));
  log.done(); // forgets the old frame; it shows the cursor, which the next frame hides
}

/**
 * The terminal's width now: asked of the terminal each time, since `process.stderr.columns`
 * changes only once the SIGWINCH event has been handled, a frame or more after the resize.
 */
function _columns(): number {
  try {
    return Deno.consoleSize().columns || 80;
  } catch {
    return process.stderr.columns || 80;
  }
}
