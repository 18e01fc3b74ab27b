/**
 * Validates a loaded config against the schema and turns every problem into one line that
 * names the file (and line, where the key can be found), the key path, what was expected
 * and what was found, with a "did you mean" for misspelt keys. Pure.
 * @module
 */
import type { z } from "zod";
import { ConfigError } from "./config_error.ts";
import { configSchema, defaultsSchema, jobSchema, retentionSchema } from "./schema.ts";
import type { TarzConfig } from "./types.ts";

/** Checks `raw` (the config module's default export) and returns it typed. */
export function validateConfig(raw: unknown, file: string, source = ""): TarzConfig {
  if (raw === undefined) {
    throw new ConfigError(
      `${file}: has no default export`,
      "end it with: export default defineConfig({ jobs: { ... } })",
    );
  }
  const result = configSchema.safeParse(raw);
  if (result.success) return raw as TarzConfig;
  const lines = result.error.issues.map((issue) => _describe(issue, raw, file, source));
  throw new ConfigError(
    lines.length === 1
      ? lines[0]
      : `${file} has ${lines.length} problems:\n  ${lines.join("\n  ")}`,
    "see docs/config.md for every key",
  );
}

function _describe(issue: z.core.$ZodIssue, raw: unknown, file: string, source: string): string {
  const path = issue.path.map(String);
  const where = (key: string[]) => {
    const line = _lineOf(source, key[key.length - 1]);
    return `${file}${line ? `:${line}` : ""}: ${key.join(".") || "(config)"}`;
  };
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((k) => {
        const known = _knownKeys(path);
        const guess = _closest(k, known);
        return `${where([...path, k])}: unknown key${
          guess ? `; did you mean "${guess}"?` : ` (known: ${known.join(", ")})`
        }`;
      }).join("\n  ");
    case "invalid_type":
      return `${where(path)}: expected ${_expected(issue)}, got ${_describeValue(_at(raw, path))}`;
    case "invalid_value":
      return `${where(path)}: expected one of ${
        issue.values.map((v) => JSON.stringify(v)).join(", ")
      }, got ${_describeValue(_at(raw, path))}`;
    case "too_small":
      return `${where(path)}: ${
        issue.origin === "array" ? "needs at least one entry" : issue.message
      }`;
    case "invalid_format":
    case "invalid_key":
      return `${where(path)}: job names may hold letters, digits, ".", "_" and "-"`;
    default:
      return `${where(path)}: ${issue.message}`;
  }
}

function _expected(issue: z.core.$ZodIssueInvalidType): string {
  if (issue.expected === "array") return "a list (array)";
  if (issue.expected === "record" || issue.expected === "object") return "an object";
  return `a ${issue.expected}`;
}

function _knownKeys(path: string[]): string[] {
  if (path.length === 0) return Object.keys(configSchema.shape);
  if (path[0] === "defaults") return Object.keys(defaultsSchema.shape);
  if (path[2] === "retention") return Object.keys(retentionSchema.shape);
  return Object.keys(jobSchema.shape);
}

function _at(raw: unknown, path: string[]): unknown {
  let v = raw;
  for (const k of path) v = (v as Record<string, unknown> | undefined)?.[k];
  return v;
}

function _describeValue(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "string") return `the string ${JSON.stringify(v)}`;
  if (typeof v === "object") return "an object";
  return `${typeof v} ${String(v)}`;
}

/** The line of the first `key:` (or `"key":`) in the source, if any. */
function _lineOf(source: string, key: string | undefined): number | undefined {
  if (!source || !key) return undefined;
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const m = new RegExp(`(^|[\\s{,])["']?${escaped}["']?\\s*:`, "m").exec(source);
  return m ? source.slice(0, m.index + m[1].length).split("\n").length : undefined;
}

/** The known key closest to `key`, if it is close enough to be a typo. */
function _closest(key: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = _distance(key.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

function _distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = next;
    }
  }
  return row[b.length];
}
