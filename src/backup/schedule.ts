/**
 * Job schedules: checking them, their next run times (croner), and rendering them as
 * systemd timers or crontab lines, every path quoted for its reader. Rendering is pure.
 * @module
 */
import { Cron } from "croner";
import { cronCommand, systemdCommand } from "./command_quoting.ts";

/** Why `timezone` is not an IANA time zone name, or null when it is. */
export function timezoneProblem(timezone: string): string | null {
  try {
    if (/^[A-Za-z0-9_+\-/]+$/.test(timezone)) {
      new Intl.DateTimeFormat("en", { timeZone: timezone });
      return null;
    }
  } catch { /* not one */ }
  return `${JSON.stringify(timezone)} is not an IANA time zone`;
}

/**
 * Why `pattern` (with `timezone`) is not a schedule croner accepts, or null when it is.
 * The text names the expression and what is wrong with it, never croner's internals.
 */
export function scheduleProblem(pattern: string, timezone?: string): string | null {
  if (timezone !== undefined) {
    const tz = timezoneProblem(timezone);
    if (tz) return tz;
  }
  try {
    new Cron(pattern, { timezone, paused: true }).stop();
    return null;
  } catch (e) {
    const m = (e as Error).message;
    const why = m.startsWith("CronPattern: ")
      ? m.slice(13).replace(/^invalid configuration format \('.*'\), /s, "")
      : "it is not cron syntax";
    return `invalid cron expression ${JSON.stringify(pattern)}: ${why}`;
  }
}

/** The next `n` run times of a schedule after `from`. */
export function nextRuns(
  pattern: string,
  timezone: string | undefined,
  n: number,
  from = new Date(),
): Date[] {
  const cron = new Cron(pattern, { timezone, paused: true, startAt: from });
  const runs = cron.nextRuns(n, from).filter((d): d is Date => d !== null);
  cron.stop();
  return runs;
}

/**
 * A run time as the job's clock shows it, with how long until it: e.g.
 * `2026-12-04 03:00 CET (in 7 h)`. Without a time zone, the machine's own. Pure.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { describeRun } from "./schedule.ts";
 * const at = new Date("2026-12-04T02:00:00Z");
 * const now = new Date("2026-12-03T19:00:00Z");
 * assert.equal(describeRun(at, "Europe/Berlin", now), "2026-12-04 03:00 CET (in 7 h)");
 * ```
 */
export function describeRun(at: Date, timezone: string | undefined, now: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone: timezone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
      timeZoneName: "short",
    }).formatToParts(at).map((p) => [p.type, p.value]),
  );
  const sec = parts.second === "00" ? "" : `:${parts.second}`;
  const when = `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}${sec}`;
  return `${when} ${parts.timeZoneName} (${_until(at.getTime() - now.getTime())})`;
}

function _until(ms: number): string {
  if (ms < 0) return "due";
  const min = Math.round(ms / 60e3);
  if (min < 60) return `in ${min} min`;
  const h = Math.round(ms / 3600e3);
  if (h < 48) return `in ${h} h`;
  return `in ${Math.round(ms / 86400e3)} days`;
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** One cron field in systemd calendar syntax: lists, ranges (`..`) and steps. */
function _field(value: string, names?: string[]): string {
  return value.split(",").map((part) => {
    const [range, step] = part.split("/");
    let r = range === "*" ? "*" : range.replace("-", "..");
    if (names && r !== "*") {
      r = r.split("..").map((x) => (/^\d+$/.test(x) ? names[Number(x)] : x)).join("..");
    }
    if (step) return `${r === "*" ? (names ? "Mon..Sun" : "0") : r.split("..")[0]}/${step}`;
    return r;
  }).join(",");
}

/**
 * A systemd `OnCalendar=` value for a cron pattern (5 fields, or 6 with seconds first).
 * Throws for what systemd cannot say the same way (L, W, #, ? and patterns that restrict
 * both the day of month and the day of week, which cron ORs and systemd ANDs).
 */
export function onCalendar(pattern: string, timezone?: string): string {
  const f = pattern.trim().split(/\s+/);
  if (f.length !== 5 && f.length !== 6) throw new Error(`"${pattern}" needs 5 or 6 fields`);
  const [sec, min, hour, dom, mon, dow] = f.length === 6 ? f : ["0", ...f];
  if (/[LW#?]/i.test(f.join(" "))) {
    throw new Error(`"${pattern}" uses L, W, # or ?, which systemd timers cannot express`);
  }
  const tz = timezone === undefined ? null : timezoneProblem(timezone);
  if (tz) throw new Error(tz);
  if (dom !== "*" && dow !== "*") {
    throw new Error(`"${pattern}" restricts both day of month and day of week (cron ORs them)`);
  }
  const weekday = dow === "*" ? "" : `${_field(dow, DAYS)} `;
  const pad = (v: string) => (/^\d$/.test(v) ? `0${v}` : v);
  const calendar = `${weekday}*-${_field(mon)}-${_field(dom)} ${pad(_field(hour))}:${
    pad(_field(min))
  }:${pad(_field(sec))}`;
  return timezone ? `${calendar} ${timezone}` : calendar;
}

/** What the installers need to know about a scheduled job. */
export interface ScheduledJob {
  name: string;
  schedule: string;
  timezone?: string;
}

/** The systemd service and timer for each job: `[fileName, content]` pairs. */
export function systemdUnits(
  jobs: ScheduledJob[],
  command: string[],
  config: string,
): [string, string][] {
  return jobs.flatMap((j) =>
    [
      [
        `tarz-${j.name}.service`,
        `[Unit]
Description=tarz backup job ${j.name}

[Service]
Type=oneshot
ExecStart=${systemdCommand([...command, "backup", j.name, "--config", config])}
`,
      ],
      [
        `tarz-${j.name}.timer`,
        `[Unit]
Description=Run tarz backup job ${j.name} (${j.schedule})

[Timer]
OnCalendar=${onCalendar(j.schedule, j.timezone)}
Persistent=true

[Install]
WantedBy=timers.target
`,
      ],
    ] as [string, string][]
  );
}

/** Crontab lines between markers, so an install can replace its own block. */
export function cronBlock(jobs: ScheduledJob[], command: string[], config: string): string {
  const lines = ["# BEGIN tarz (written by tarz schedule install --cron)"];
  for (const j of jobs) {
    const f = j.schedule.trim().split(/\s+/);
    if (f.length !== 5) {
      throw new Error(
        `job ${j.name}: cron has no seconds field; use "tarz daemon" for "${j.schedule}"`,
      );
    }
    if (j.timezone) {
      const tz = timezoneProblem(j.timezone);
      if (tz) throw new Error(`job ${j.name}: ${tz}`);
      lines.push(`CRON_TZ=${j.timezone}`);
    }
    lines.push(`${f.join(" ")} ${cronCommand([...command, "backup", j.name, "--config", config])}`);
  }
  lines.push("# END tarz");
  return lines.join("\n") + "\n";
}

/** `existing` crontab text with its tarz block replaced by `block` (or appended). */
export function replaceCronBlock(existing: string, block: string): string {
  const re = /# BEGIN tarz[^\n]*\n[\s\S]*?# END tarz\n?/;
  if (re.test(existing)) return existing.replace(re, block);
  return `${existing}${existing && !existing.endsWith("\n") ? "\n" : ""}${block}`;
}
