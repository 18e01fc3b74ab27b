import assert from "node:assert/strict";
import { describeReadError, isNoSpace } from "./fs_errors.ts";

Deno.test("describeReadError names permission and vanished-file errors plainly", () => {
  assert.equal(describeReadError(new Deno.errors.PermissionDenied("x")), "permission denied");
  assert.equal(
    describeReadError(new Deno.errors.NotFound("x")),
    "vanished before it could be read",
  );
  assert.equal(describeReadError(new Error("boom")), "boom");
});

Deno.test("isNoSpace recognises ENOSPC by code or message", () => {
  assert.equal(isNoSpace(Object.assign(new Error("x"), { code: "ENOSPC" })), true);
  assert.equal(isNoSpace(new Error("No space left on device (os error 28)")), true);
  assert.equal(isNoSpace(new Error("other")), false);
});
