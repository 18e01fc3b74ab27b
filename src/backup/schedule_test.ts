import assert from "node:assert/strict";
import {
  cronBlock,
  describeRun,
  nextRuns,
  onCalendar,
  replaceCronBlock,
  scheduleProblem,
  systemdUnits,
} from "./schedule.ts";

Deno.test("scheduleProblem accepts cron with or without seconds and explains the rest", () => {
  assert.equal(scheduleProblem("0 3 * * *"), null);
  assert.equal(scheduleProblem("*/5 0 3 * * *", "Europe/Berlin"), null);
  assert.match(
    scheduleProblem("every day")!,
    /^invalid cron expression "every day": exactly five, six, or seven/,
  );
  assert.equal(
    scheduleProblem("daily 03:00"),
    'invalid cron expression "daily 03:00": it is not cron syntax',
  );
  assert.equal(
    scheduleProblem("0 3 * * *", "Europe/Berlin\n* * * * * rm -rf ~"),
    '"Europe/Berlin\\n* * * * * rm -rf ~" is not an IANA time zone',
  );
  assert.match(scheduleProblem("0 3 * * *", "Nowhere/Else")!, /is not an IANA time zone/);
});

Deno.test("describeRun shows the job's local time and how long until it", () => {
  const now = new Date("2026-12-03T19:00:00Z");
  assert.equal(
    describeRun(new Date("2026-12-04T02:00:00Z"), "Europe/Berlin", now),
    "2026-12-04 03:00 CET (in 7 h)",
  );
  assert.equal(
    describeRun(new Date("2026-12-03T19:20:30Z"), "UTC", now),
    "2026-12-03 19:20:30 UTC (in 21 min)",
  );
  assert.equal(
    describeRun(new Date("2026-12-10T19:00:00Z"), "UTC", now),
    "2026-12-10 19:00 UTC (in 7 days)",
  );
});

Deno.test("nextRuns lists the coming run times in the schedule's time zone", () => {
  const from = new Date("2026-11-25T12:00:00Z");
  assert.deepEqual(nextRuns("0 3 * * *", "UTC", 2, from).map((d) => d.toISOString()), [
    "2026-11-26T03:00:00.000Z",
    "2026-11-27T03:00:00.000Z",
  ]);
  assert.equal(
    nextRuns("0 3 * * *", "Europe/Berlin", 1, from)[0].toISOString(),
    "2026-11-26T02:00:00.000Z",
  );
});

Deno.test("onCalendar turns cron into systemd calendar syntax", () => {
  assert.equal(onCalendar("0 3 * * *"), "*-*-* 03:00:00");
  assert.equal(
    onCalendar("30 2 * * 1-5", "Europe/Berlin"),
    "Mon..Fri *-*-* 02:30:00 Europe/Berlin",
  );
  assert.equal(onCalendar("*/15 * * * *"), "*-*-* *:0/15:00");
  assert.equal(onCalendar("0 0 1 1,7 *"), "*-1,7-1 00:00:00");
  assert.equal(onCalendar("10 0 3 * * 0"), "Sun *-*-* 03:00:10");
  assert.throws(() => onCalendar("0 3 1 * 1"), /cron ORs them/);
  assert.throws(() => onCalendar("0 3 L * *"), /cannot express/);
});

Deno.test("systemdUnits and cronBlock write one service and timer, or one line, per job", () => {
  const jobs = [{ name: "home", schedule: "0 3 * * *", timezone: "UTC" }];
  const units = systemdUnits(jobs, ["/usr/local/bin/tarz"], "/etc/tarz/tarz.config.ts");
  assert.deepEqual(units.map(([n]) => n), ["tarz-home.service", "tarz-home.timer"]);
  assert.match(
    units[0][1],
    /^ExecStart=\/usr\/local\/bin\/tarz backup home --config \/etc\/tarz\/tarz\.config\.ts$/m,
  );
  assert.match(units[1][1], /^OnCalendar=\*-\*-\* 03:00:00 UTC$/m);
  const block = cronBlock(jobs, ["tarz"], "/c.ts");
  assert.equal(
    block,
    "# BEGIN tarz (written by tarz schedule install --cron)\nCRON_TZ=UTC\n0 3 * * * tarz backup home --config /c.ts\n# END tarz\n",
  );
  assert.throws(
    () => cronBlock([{ name: "s", schedule: "*/5 * * * * *" }], ["t"], "c"),
    /no seconds field/,
  );
  const mine = "MAILTO=me\n5 * * * * echo hi\n";
  const once = replaceCronBlock(mine, block);
  assert.equal(replaceCronBlock(once, block), once, "a second install replaces its own block");
  assert.ok(once.startsWith(mine));
});
