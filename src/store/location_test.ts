import assert from "node:assert/strict";
import {
  childLocation,
  formatLocation,
  isRemote,
  LocationError,
  parseLocation,
  splitLocation,
} from "./location.ts";

Deno.test("parseLocation keeps paths, decodes file:// URLs and splits s3:// into bucket and key", () => {
  assert.deepEqual(parseLocation("out/a.tar"), { kind: "local", path: "out/a.tar" });
  assert.deepEqual(parseLocation("file:///tmp/a%20b.tar"), { kind: "local", path: "/tmp/a b.tar" });
  assert.deepEqual(parseLocation("s3://my-bucket/nightly/a.tar.zst"), {
    kind: "s3",
    bucket: "my-bucket",
    key: "nightly/a.tar.zst",
  });
  assert.deepEqual(parseLocation("s3://my-bucket"), { kind: "s3", bucket: "my-bucket", key: "" });
});

Deno.test("parseLocation refuses an unknown scheme and a bad bucket, with exit code 2", () => {
  assert.throws(
    () => parseLocation("foo://x/y"),
    (e: unknown) =>
      e instanceof LocationError && e.exitCode === 2 && /scheme foo:\/\//.test(e.message) &&
      /s3:\/\/BUCKET\/KEY, sftp:\/\/\[USER@\]HOST\[:PORT\]\/PATH or rclone:REMOTE:PATH/.test(
        e.hint ?? "",
      ),
  );
  assert.throws(() => parseLocation("s3://UPPER/x"), LocationError);
  assert.throws(() => parseLocation("s3:///x"), LocationError);
});

Deno.test("isRemote is true for every scheme but file://, and never for a plain path", () => {
  assert.equal(isRemote("s3://b/k"), true);
  assert.equal(isRemote("foo://b/k"), true);
  assert.equal(isRemote("file:///a"), false);
  assert.equal(isRemote("dir/s3:/a"), false);
  assert.equal(isRemote("C:\\x"), false);
});

Deno.test("splitLocation and childLocation go between a location and its directory", () => {
  const s3 = parseLocation("s3://bkt/x/y.tar");
  const { dir, name } = splitLocation(s3);
  assert.equal(formatLocation(dir), "s3://bkt/x/");
  assert.equal(name, "y.tar");
  assert.equal(formatLocation(childLocation(dir, "z.tar")), "s3://bkt/x/z.tar");
  assert.equal(
    formatLocation(childLocation({ kind: "s3", bucket: "b", key: "" }, "z")),
    "s3://b/z",
  );
  const local = splitLocation(parseLocation("out/a.tar"));
  assert.deepEqual(local, { dir: { kind: "local", path: "out" }, name: "a.tar" });
  assert.equal(formatLocation(childLocation(local.dir, "b.tar")), "out/b.tar");
  assert.equal(splitLocation(parseLocation("a.tar")).dir.kind === "local" && "ok", "ok");
});

Deno.test("parseLocation reads sftp:// with a user, a port and an absolute or home path", () => {
  assert.deepEqual(parseLocation("sftp://backup@nas:2222/srv/b/x.tar"), {
    kind: "sftp",
    host: "nas",
    user: "backup",
    port: 2222,
    key: "/srv/b/x.tar",
  });
  assert.deepEqual(parseLocation("sftp://nas/~/b/x.tar"), {
    kind: "sftp",
    host: "nas",
    user: undefined,
    port: undefined,
    key: "b/x.tar",
  });
  assert.equal(formatLocation(parseLocation("sftp://u@h:22/~/x")), "sftp://u@h:22/~/x");
  assert.throws(() => parseLocation("sftp://nas"), LocationError);
  assert.deepEqual(parseLocation("rclone:gdrive:b/x.tar"), {
    kind: "rclone",
    remote: "gdrive",
    key: "b/x.tar",
  });
});
