import assert from "node:assert/strict";
import { notFound, rcloneFailed } from "./rclone_command.ts";

Deno.test("rcloneFailed keeps rclone's last line without its timestamp, and knows an unknown remote", () => {
  const unknown = rcloneFailed(
    "rclone:nope:a.tar",
    `2026/12/03 15:00:00 Failed to create file system for "nope:a.tar": didn't find section in config file\n`,
  );
  assert.equal(
    unknown.message,
    `rclone failed on rclone:nope:a.tar: Failed to create file system for "nope:a.tar": didn't find section in config file`,
  );
  assert.equal(unknown.exitCode, 2);
  const other = rcloneFailed("rclone:r:a", "2026/12/03 15:00:00 ERROR : a: permission denied\n");
  assert.equal(other.message, "rclone failed on rclone:r:a: a: permission denied");
  assert.equal(other.exitCode, 1);
});

Deno.test("notFound recognises rclone's ways of saying an object is not there", () => {
  assert.equal(
    notFound("ERROR : a.tar: error reading source root directory: directory not found"),
    true,
  );
  assert.equal(notFound("Failed to lsjson: object not found"), true);
  assert.equal(notFound("permission denied"), false);
});
