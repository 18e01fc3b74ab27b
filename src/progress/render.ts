/**
 * Renders progress snapshots as text: two bars for a terminal, one line for logs. Pure.
 * @module
 */
import { formatBytes, formatDuration } from "./format_units.ts";
import type { ProgressSnapshot } from "./progress_state.ts";

/** Draws a bar of `width` cells for a fraction in [0, 1]. */
export function bar(fraction: number, width: number): string {
  const f = Math.max(0, Math.min(1, Number.isFinite(fraction) ? fraction : 0));
  const full = Math.floor(f * width);
  return "█".repeat(full) + (full < width ? "░".repeat(width - full) : "");
}

/**
 * Speed in bytes per second and the remaining time in ms, never negative. While the walk
 * still adds to the totals, the remaining time is only a lower bound (`atLeast`). It is NaN
 * when unknown: no total, no speed yet, or more done than the total said (a file that grew).
 */
export function rates(s: ProgressSnapshot): { speed: number; etaMs: number; atLeast: boolean } {
  const speed = s.elapsedMs > 0 ? s.bytesDone / (s.elapsedMs / 1000) : 0;
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
  if (Number.isNaN(etaMs)) return "--";
  return `${atLeast ? "≥" : ""}${formatDuration(etaMs)}`;
}

/** The terminal view: an overall bar and a current-file bar, fitted to `columns`. */
export function renderBars(s: ProgressSnapshot, columns: number, verb = "Archiving"): string {
  const { speed } = rates(s);
  const pct = fractionDone(s);
  // while the walk goes on, the totals are what it has found so far
  const more = s.scanning ? "+" : "";
  const right = `${(pct * 100).toFixed(0).padStart(3)}% ${formatBytes(s.bytesDone)}/${
    formatBytes(s.bytesTotal)
  }${more} ${formatBytes(speed)}/s ETA ${_eta(s)}`;
  const width = Math.max(10, Math.min(40, columns - right.length - verb.length - 3));
  const line1 = `${verb} ${bar(pct, width)} ${right}`;
  const cur = s.currentTotal > 0 ? Math.min(1, s.currentDone / s.currentTotal) : 1;
  const name = _fit(s.current, Math.max(10, columns - width - 8));
  const line2 = `  ${bar(cur, width)} ${(cur * 100).toFixed(0).padStart(3)}% ${name}`;
  return `${line1}\n${line2}`;
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
