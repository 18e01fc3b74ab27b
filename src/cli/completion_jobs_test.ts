import assert from "node:assert/strict";
import { jobCachePath } from "./completion_jobs.ts";

Deno.test("jobCachePath keeps one file per config path, as the scripts spell it", () => {
  const env = (k: string) => ({ HOME: "/home/me" } as Record<string, string>)[k];
  assert.equal(jobCachePath("/a/b%c/t.ts", env), "/home/me/.cache/tarz/jobs/%2Fa%2Fb%25c%2Ft.ts");
  assert.equal(
    jobCachePath("/t.ts", (k) => (k === "XDG_CACHE_HOME" ? "/x" : undefined)),
    "/x/tarz/jobs/%2Ft.ts",
  );
});
