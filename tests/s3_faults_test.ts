/**
 * S3 through a proxy that answers 503 SlowDown and cuts connections (tests/_fault_proxy.ts):
 * uploads and downloads succeed by retrying and resuming; a permanent failure exits 1 and
 * leaves no object and no multipart upload.
 */
import assert from "node:assert/strict";
import { randomBytes, tarz, tempDir } from "./_helpers.ts";
import { newBucket, s3 } from "./_s3.ts";
import { faultProxy } from "./_fault_proxy.ts";

const ignore = s3 === null;

function tree(size: number): { dir: string; data: Uint8Array } {
  const dir = tempDir();
  Deno.mkdirSync(`${dir}/src`);
  const data = randomBytes(size);
  Deno.writeFileSync(`${dir}/src/big.bin`, data);
  return { dir, data };
}

Deno.test({
  name: "uploads and downloads succeed through SlowDown answers and cut connections",
  ignore,
  fn: async () => {
    const { name, store } = await newBucket(s3!);
    const { dir, data } = tree(20 << 20);
    // every third request is told to slow down, every fifth is cut
    const proxy = faultProxy(
      s3!.env.AWS_ENDPOINT_URL,
      (n) => n % 3 === 0 ? "slowdown" : n % 5 === 0 ? "drop" : "pass",
    );
    try {
      const env = { ...s3!.env, AWS_ENDPOINT_URL: proxy.url };
      const url = `s3://${name}/big.tar`;
      const made = await tarz(["create", "src", "-o", url], { cwd: dir, env });
      assert.equal(made.code, 0, made.stderr);
      const got = await tarz(["extract", url, "-C", `${dir}/x`], { env });
      assert.equal(got.code, 0, got.stderr);
      assert.deepEqual(Deno.readFileSync(`${dir}/x/src/big.bin`), data);
      assert.ok(
        proxy.injected.slowdown > 0 && proxy.injected.drop > 0,
        JSON.stringify(proxy.injected),
      );
    } finally {
      proxy.close();
    }
    assert.deepEqual(await store.pendingUploads(""), []);
  },
});

Deno.test({
  name: "a download cut mid-body resumes from the last byte with a Range request",
  ignore,
  fn: async () => {
    const { name } = await newBucket(s3!);
    const { dir, data } = tree(3 << 20);
    const url = `s3://${name}/big.tar`;
    assert.equal((await tarz(["create", "src", "-o", url], { cwd: dir, env: s3!.env })).code, 0);
    const ranges: string[] = [];
    const proxy = faultProxy(s3!.env.AWS_ENDPOINT_URL, (n, head) => {
      const range = /\r\nrange: ([^\r]*)/i.exec(head)?.[1];
      if (head.startsWith("GET /")) ranges.push(range ?? "whole");
      return n <= 3 && head.startsWith(`GET /${name}/big.tar`) ? "drop" : "pass";
    });
    try {
      const got = await tarz(["extract", url, "-C", `${dir}/x`], {
        env: { ...s3!.env, AWS_ENDPOINT_URL: proxy.url },
      });
      assert.equal(got.code, 0, got.stderr);
      assert.deepEqual(Deno.readFileSync(`${dir}/x/src/big.bin`), data);
    } finally {
      proxy.close();
    }
    assert.equal(ranges[0], "whole");
    assert.ok(ranges.slice(1).every((r) => /^bytes=\d+-\d*$/.test(r)), ranges.join(", "));
    assert.ok(ranges.length >= 3, ranges.join(", "));
  },
});

Deno.test({
  name: "a permanent failure exits 1 and leaves no object and no multipart upload",
  ignore,
  fn: async () => {
    const { name, store } = await newBucket(s3!);
    const { dir } = tree(20 << 20);
    // parts are refused every time; the rest (create, abort) goes through
    const proxy = faultProxy(
      s3!.env.AWS_ENDPOINT_URL,
      (_n, head) => /^PUT [^ ]*partNumber=/.test(head) ? "slowdown" : "pass",
    );
    try {
      const env = { ...s3!.env, AWS_ENDPOINT_URL: proxy.url };
      const r = await tarz(["create", "src", "-o", `s3://${name}/big.tar`, "--progress", "none"], {
        cwd: dir,
        env,
      });
      assert.equal(r.code, 1);
      assert.match(
        r.stderr,
        new RegExp(
          `^tarz: error: S3 refused s3://${name}/big\\.tar: 503 SlowDown \\(Please reduce your request rate\\.\\)\\n`,
        ),
      );
    } finally {
      proxy.close();
    }
    assert.deepEqual(await store.list(""), []);
    assert.deepEqual(await store.pendingUploads(""), []);
  },
});
