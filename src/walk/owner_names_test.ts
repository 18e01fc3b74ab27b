import assert from "node:assert/strict";
import { parseIdFile } from "./owner_names.ts";

Deno.test("parseIdFile maps ids to the first name listed", () => {
  const m = parseIdFile(
    "root:x:0:0::/root:/bin/sh\nalice:x:1000:1000::/home/a:/bin/sh\ndup:x:0:0::/:/bin/sh\nbad\n",
  );
  assert.equal(m.get(0), "root");
  assert.equal(m.get(1000), "alice");
  assert.equal(m.size, 2);
});
