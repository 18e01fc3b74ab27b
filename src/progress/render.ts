/**
 * Renders progress snapshots as text: two bars for a terminal, one line for logs. Pure.
 * @module
 */
import { formatBytes } from "./format_units.ts";
import { showRawBytes } from "../tar/name_bytes.ts";
import type { ProgressSnapshot } from "./progress_state.ts";

/** Draws a bar of `width` cells for a fraction in [0, 1]. */
export function bar(fraction: number, width: number): string {
  const f = Math.max(0, Math.min(1, Number.isFinite(fraction) ? fraction : 0));
  const full = Math.floor(f * width);
  return "█".repeat(full) + (full < width ? "░".repeat(width - full) : "");
}

/**
 * Speed in bytes per second and the remaining time in ms, never negative. The speed is the
 * recent one (see ProgressState), else the average over the running time; paused time
 * counts in neither. While the walk still adds to the totals, the remaining time is only a
 * lower bound (`atLeast`). It is NaN when unknown: no total, no speed yet, or more done than
 * the total said (a file that grew).
 */
export function rates(s: ProgressSnapshot): { speed: number; etaMs: number; atLeast: boolean } {
  const active = s.activeMs ?? s.elapsedMs;
  const speed = s.speed || (active > 0 ? s.bytesDone / (active / 1000) : 0);
  const left = s.bytesTotal - s.bytesDone;
  const etaMs = speed > 0 && s.bytesTotal > 0 && left >= 0 ? (left / speed) * 1000 : NaN;
  return { speed, etaMs, atLeast: s.scanning };
}

/** The fraction done, in [0, 1]: by bytes when there is a total, else by entries. */
export function fractionDone(s: ProgressSnapshot): number {
  const f = s.bytesTotal > 0
    ? s.bytesDone / s.bytesTotal
    : s.entriesTotal > 0
    ? s.entriesDone / s.entriesTotal
    : 0;
  return Math.max(0, Math.min(1, Number.isFinite(f) ? f : 0));
}

function _eta(s: ProgressSnapshot): string {
  const { etaMs, atLeast } = rates(s);
  if (Number.isNaN(etaMs)) return "-:--:--";
  return `${atLeast ? "≥" : ""}${clock(etaMs)}`;
}

function _finishing(s: ProgressSnapshot): boolean {
  return !s.scanning && s.bytesTotal > 0 && s.bytesDone >= s.bytesTotal;
}

/** A time as Rich shows it: `0:00:07`, `1:02:03`. */
export function clock(ms: number): string {
  const t = Math.max(0, Math.round(ms / 1000));
  const two = (n: number) => String(n).padStart(2, "0");
  return `${Math.floor(t / 3600)}:${two(Math.floor(t / 60) % 60)}:${two(t % 60)}`;
}

const SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏";

/** Options for {@linkcode renderBars}. */
export interface BarStyle {
  /** Paint with ANSI colours (a terminal that allows them; never with NO_COLOR). */
  color?: boolean;
}

/** One column of the overall line: its text, its colour, and how soon it goes when narrow. */
interface _Column {
  text: string;
  paint?: string;
  /** Lower goes first when the line does not fit. */
  keep: number;
}

/**
 * The terminal view, as Rich's progress draws it: a spinner, the verb, an overall bar, the
 * percentage, bytes and files done of the totals, the recent speed, the elapsed and the
 * remaining time; then a bar for the current member. Every line fits in `columns` (down to
 * 40): the bar shrinks first, then the least useful columns go.
 */
export function renderBars(
  s: ProgressSnapshot,
  columns: number,
  verb = "Archiving",
  style: BarStyle = {},
): string {
  const width = Math.max(40, columns);
  const { speed } = rates(s);
  const pct = fractionDone(s);
  const more = s.scanning ? "+" : "";
  const files = s.filesTotal
    ? `${_n(s.filesDone ?? 0)}/${_n(s.filesTotal)}${more} files`
    : `${_n(s.filesDone ?? 0)} files`;
  const cols: _Column[] = [
    { text: SPINNER[Math.floor(s.elapsedMs / 100) % SPINNER.length], paint: "32", keep: 2 },
    { text: verb, keep: 9 },
    { text: `${(pct * 100).toFixed(0).padStart(3)}%`, keep: 8 },
    { text: `${formatBytes(s.bytesDone)}/${formatBytes(s.bytesTotal)}${more}`, keep: 6 },
    { text: files, keep: 3 },
    { text: `${formatBytes(speed)}/s`, paint: "31", keep: 5 },
    { text: clock(s.elapsedMs), paint: "33", keep: 1 },
    // all data read, the compressor (xz's big blocks) or the disk still busy with the end
    { text: _finishing(s) ? "finishing…" : `ETA ${_eta(s)}`, paint: "36", keep: 7 },
  ];
  const barAt = 2; // after the spinner and the verb
  const fits = (c: _Column[], bar: number) =>
    c.reduce((n, x) => n + x.text.length + 1, 0) + bar <= width;
  let shown = cols;
  while (!fits(shown, 10) && shown.length > 2) {
    const least = shown.reduce((a, b) => (b.keep < a.keep ? b : a));
    shown = shown.filter((c) => c !== least);
  }
  const barWidth = Math.max(
    1,
    Math.min(40, width - shown.reduce((n, x) => n + x.text.length + 1, 0)),
  );
  const paint = (
    c: _Column,
  ) => (style.color && c.paint ? `\x1b[${c.paint}m${c.text}\x1b[0m` : c.text);
  const overall = s.bytesTotal > 0 || s.entriesTotal > 0
    ? _paintBar(bar(pct, barWidth), style.color, pct >= 1)
    : _paintBar(pulse(barWidth, s.elapsedMs), style.color, false);
  const before = shown.filter((c) => cols.indexOf(c) < barAt).map(paint);
  const after = shown.filter((c) => cols.indexOf(c) >= barAt).map(paint);
  const line1 = [...before, overall, ...after].join(" ");
  const cur = s.currentTotal > 0 ? Math.min(1, s.currentDone / s.currentTotal) : 1;
  const curWidth = Math.min(barWidth, 20);
  const name = _fit(showRawBytes(s.current), width - curWidth - 8);
  const line2 = `  ${_paintBar(bar(cur, curWidth), style.color, cur >= 1)} ${
    (cur * 100).toFixed(0).padStart(3)
  }% ${name}`;
  return `${line1}\n${line2}`;
}

/** A bar for an unknown total: a block that moves back and forth with the time. */
export function pulse(width: number, elapsedMs: number): string {
  const block = Math.max(1, Math.floor(width / 4));
  const span = width - block;
  const step = Math.floor(elapsedMs / 80) % (2 * span || 1);
  const at = step <= span ? step : 2 * span - step;
  return "░".repeat(at) + "█".repeat(block) + "░".repeat(width - block - at);
}

function _paintBar(text: string, color: boolean | undefined, done: boolean): string {
  if (!color) return text;
  const filled = text.replace(/░+/g, "");
  const rest = text.slice(filled.length);
  if (!/^█*░*$/.test(text)) return `\x1b[35m${text}\x1b[0m`; // a pulse
  return `\x1b[${done ? "32" : "35"}m${filled}\x1b[0m\x1b[2m${rest}\x1b[0m`;
}

/** A count with thousands separators: 20,156. */
function _n(n: number): string {
  return n.toLocaleString("en-US");
}

/** One plain log line for non-terminal output. */
export function renderLine(s: ProgressSnapshot): string {
  const { speed } = rates(s);
  const pct = s.bytesTotal > 0 ? (fractionDone(s) * 100).toFixed(1) : "?";
  const more = s.scanning ? "+" : "";
  return `progress ${pct}% ${formatBytes(s.bytesDone)}/${
    formatBytes(s.bytesTotal)
  }${more} entries ${s.entriesDone}/${s.entriesTotal}${more} ${formatBytes(speed)}/s eta ${
    _eta(s)
  }`;
}

function _fit(s: string, max: number): string {
  return s.length <= max ? s : `…${s.slice(s.length - max + 1)}`;
}
