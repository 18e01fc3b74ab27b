import assert from "node:assert/strict";
import { describeReadError, environmentError, isNoSpace } from "./fs_errors.ts";

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

Deno.test("environmentError words real errno errors plainly, with the path shortened", () => {
  let caught: unknown;
  try {
    Deno.writeFileSync(`${Deno.makeTempDirSync()}/${"a".repeat(300)}`, new Uint8Array(1));
  } catch (e) {
    caught = e;
  }
  const long = environmentError(caught)!;
  assert.equal(long.code, "ENAMETOOLONG");
  assert.match(long.message, /^Cannot write \/.*a…a+: a name is too long for the file system$/);
  assert.ok(long.message.length < 200);
  const rofs = Object.assign(new Error("Read-only file system (os error 30): open '/ro/x'"), {
    code: "EROFS",
  });
  assert.deepEqual(environmentError(rofs), {
    code: "EROFS",
    message: "Cannot write /ro/x: the file system is read-only",
    hint: "choose a writable destination",
  });
  assert.equal(environmentError(new Error("a bug")), null);
  assert.equal(environmentError(new Deno.errors.NotFound("gone")), null);
});
