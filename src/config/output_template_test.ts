import assert from "node:assert/strict";
import { renderOutput, unknownPlaceholders } from "./output_template.ts";

Deno.test("renderOutput fills {job}, {date}, {time} and {host} (UTC)", () => {
  assert.equal(
    renderOutput("/b/{host}/{job}-{date}T{time}.tar.zst", {
      job: "home",
      date: new Date("2026-01-02T03:04:05.678Z"),
      host: "nas",
    }),
    "/b/nas/home-2026-01-02T030405.tar.zst",
  );
});

Deno.test("unknownPlaceholders finds misspelt placeholders", () => {
  assert.deepEqual(unknownPlaceholders("{job}-{dat}-{time}{x}"), ["dat", "x"]);
});
