/**
 * Job schedules: checking them, their next run times (croner), and rendering them as
 * systemd timers or crontab lines. Rendering is pure.
 * @module
 */
import { Cron } from "croner";

/** Why `pattern` is not a schedule croner accepts, or null when it is. */
export function scheduleProblem(pattern: string, timezone?: string): string | null {
  try {
    new Cron(pattern, { timezone, paused: true }).stop();
    return null;
  } catch (e) {
    return (e as Error).message.replace(/^CronPattern: /, "");
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
  command: string,
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
ExecStart=${command} backup ${j.name} --config ${config}
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
export function cronBlock(jobs: ScheduledJob[], command: string, config: string): string {
  const lines = ["# BEGIN tarz (written by tarz schedule install --cron)"];
  for (const j of jobs) {
    const f = j.schedule.trim().split(/\s+/);
    if (f.length !== 5) {
      throw new Error(
        `job ${j.name}: cron has no seconds field; use "tarz daemon" for "${j.schedule}"`,
      );
    }
    if (j.timezone) lines.push(`CRON_TZ=${j.timezone}`);
    lines.push(`${f.join(" ")} ${command} backup ${j.name} --config ${config}`);
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
