import assert from "node:assert/strict";
import { acquireLock, LockedError, processAlive } from "./job_lock.ts";

Deno.test("acquireLock lets one holder in, refuses a second, and frees on release", () => {
  const path = `${Deno.makeTempDirSync()}/j.lock`;
  const lock = acquireLock(path, "j");
  assert.equal(JSON.parse(Deno.readTextFileSync(path)).pid, Deno.pid);
  assert.throws(
    () => acquireLock(path, "j"),
    (e) => e instanceof LockedError && /Job "j" is already running \(pid \d+ on /.test(e.message),
  );
  lock.release();
  acquireLock(path, "j").release();
});

Deno.test("acquireLock takes over a lock whose process is gone, or that is unreadable", () => {
  const path = `${Deno.makeTempDirSync()}/j.lock`;
  const dead = { pid: 2 ** 22 + 11, host: Deno.hostname(), started: "2026-01-01T00:00:00Z" };
  Deno.writeTextFileSync(path, JSON.stringify(dead));
  const lock = acquireLock(path, "j");
  assert.deepEqual(lock.tookOver, dead);
  lock.release();
  Deno.writeTextFileSync(path, "garbage");
  acquireLock(path, "j").release();
});

Deno.test("processAlive tells a live pid from a dead one", () => {
  assert.equal(processAlive(Deno.pid), true);
  assert.equal(processAlive(2 ** 22 + 13), false);
});
