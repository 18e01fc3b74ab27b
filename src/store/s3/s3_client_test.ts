import assert from "node:assert/strict";
import { S3Client, S3Error } from "./s3_client.ts";
import type { S3Config } from "./s3_config.ts";

const config: S3Config = {
  accessKeyId: "AK",
  secretAccessKey: "SECRET",
  region: "us-east-1",
  endpoint: "http://127.0.0.1:9",
  pathStyle: true,
  source: "AWS_ACCESS_KEY_ID",
};

Deno.test("S3Client builds path-style and virtual-hosted URLs with keys encoded per RFC 3986", () => {
  const path = new S3Client(config);
  assert.equal(
    path.url("b", "dir/a b+(1).tar").toString(),
    "http://127.0.0.1:9/b/dir/a%20b%2B%281%29.tar",
  );
  assert.equal(
    path.url("b", undefined, { uploads: "" }).toString(),
    "http://127.0.0.1:9/b?uploads=",
  );
  const hosted = new S3Client({
    ...config,
    endpoint: "https://s3.eu-west-1.amazonaws.com",
    pathStyle: false,
  });
  assert.equal(hosted.url("b", "k").toString(), "https://b.s3.eu-west-1.amazonaws.com/k");
});

Deno.test("S3Client reports an unreachable endpoint after its retries, without the secret", async () => {
  const s3 = new S3Client(config, { attempts: 2, baseMs: 1, capMs: 1 });
  await assert.rejects(s3.send({ method: "GET", bucket: "b", key: "k" }), (e: unknown) => {
    assert.ok(e instanceof S3Error);
    assert.equal(e.status, 0);
    assert.match(e.message, /^Cannot reach http:\/\/127\.0\.0\.1:9 for s3:\/\/b\/k: /);
    assert.ok(!e.message.includes("SECRET"));
    return true;
  });
});
