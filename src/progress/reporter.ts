/**
 * Progress reporters: the terminal adapter (log-update on stderr, about 10 Hz), plain
 * periodic lines, NDJSON events, or nothing. They poll a {@linkcode ProgressState}.
 * @module
 */
import process from "node:process";
import type { ProgressState } from "./progress_state.ts";
import { renderBars, renderLine } from "./render.ts";

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
    const t = every(
      100,
      () => log(renderBars(state.snapshot(), process.stderr.columns || 80, verb, { color })),
    );
    return {
      start: t.start,
      stop() {
        t.halt();
        log.clear();
        log.done();
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
