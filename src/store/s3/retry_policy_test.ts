import assert from "node:assert/strict";
import { backoffMs, DEFAULT_RETRY, retryableError, retryableStatus } from "./retry_policy.ts";

Deno.test("server errors, throttling and SlowDown are retried; client errors are not", () => {
  assert.equal(retryableStatus(503), true);
  assert.equal(retryableStatus(500), true);
  assert.equal(retryableStatus(429), true);
  assert.equal(retryableStatus(400, "SlowDown"), true);
  assert.equal(retryableStatus(403, "SignatureDoesNotMatch"), false);
  assert.equal(retryableStatus(404, "NoSuchBucket"), false);
});

Deno.test("dropped connections are retried, a user's abort is not", () => {
  assert.equal(retryableError(new TypeError("error sending request: connection reset")), true);
  assert.equal(retryableError(Object.assign(new Error("x"), { name: "TimeoutError" })), true);
  assert.equal(retryableError(Object.assign(new Error("aborted"), { name: "AbortError" })), false);
  const timedOut = new DOMException("timed out", "TimeoutError");
  assert.equal(
    retryableError(
      Object.assign(new Error("aborted", { cause: timedOut }), { name: "AbortError" }),
    ),
    true,
  );
  assert.equal(retryableError("a string"), false);
});

Deno.test("backoff doubles up to its cap, with full jitter", () => {
  const max = () => 1;
  assert.deepEqual([1, 2, 3, 10].map((a) => backoffMs(a, DEFAULT_RETRY, max)), [
    200,
    400,
    800,
    10_000,
  ]);
  assert.equal(backoffMs(3, DEFAULT_RETRY, () => 0), 0);
});
