import assert from "node:assert/strict";
import { LocalStore } from "./local_store.ts";
import { LocationError } from "./location.ts";
import { S3Store } from "./s3/s3_store.ts";
import { readWhole, storeFor } from "./store_for.ts";
import { withEnv } from "../../tests/_helpers.ts";

Deno.test("storeFor gives a path to the local store and an s3:// URL to its bucket", async () => {
  const local = storeFor("out/a.tar");
  assert.ok(local.store instanceof LocalStore);
  assert.equal(local.key, "out/a.tar");
  const remote = await withEnv(
    { AWS_ACCESS_KEY_ID: "test-key", AWS_SECRET_ACCESS_KEY: "test-secret" },
    () => Promise.resolve(storeFor("s3://my-bucket/n/a.tar")),
  );
  assert.ok(remote.store instanceof S3Store);
  assert.equal(remote.key, "n/a.tar");
  assert.equal(remote.store.describe(remote.key), "s3://my-bucket/n/a.tar");
  assert.equal(storeFor("s3://my-bucket/other").store, remote.store, "one client a bucket");
  assert.throws(() => storeFor("ftp://host/a.tar"), LocationError);
});

Deno.test("readWhole reads a small object in one piece", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    Deno.writeTextFileSync(`${dir}/m.json`, "{}");
    assert.equal(new TextDecoder().decode(await readWhole(`${dir}/m.json`)), "{}");
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
