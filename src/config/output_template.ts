/**
 * Output name templates: `{job}`, `{date}` (YYYY-MM-DD), `{time}` (HHMMSS, UTC) and
 * `{host}`. Pure.
 * @module
 */

/** The values a template can use. */
export interface TemplateValues {
  job: string;
  date: Date;
  host: string;
}

const KNOWN = ["job", "date", "time", "host"];

/** Placeholders in `template` that are not known, e.g. `["dte"]`. */
export function unknownPlaceholders(template: string): string[] {
  return [...template.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]).filter((k) => !KNOWN.includes(k));
}

/**
 * Fills in a template.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderOutput } from "./output_template.ts";
 * const name = renderOutput("backups/{job}-{date}.tar.zst", {
 *   job: "home",
 *   date: new Date("2026-11-25T03:00:00Z"),
 *   host: "nas",
 * });
 * assert.ok(name === "backups/home-2026-11-25.tar.zst");
 * ```
 */
export function renderOutput(template: string, values: TemplateValues): string {
  const iso = values.date.toISOString();
  const map: Record<string, string> = {
    job: values.job,
    date: iso.slice(0, 10),
    time: iso.slice(11, 19).replaceAll(":", ""),
    host: values.host,
  };
  return template.replace(/\{(job|date|time|host)\}/g, (_, k: string) => map[k]);
}
