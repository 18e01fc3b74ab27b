/**
 * When an S3 request is tried again, and after how long: exponential backoff with full
 * jitter (as the AWS SDKs do) on 5xx, 429, SlowDown and the like, timeouts and dropped
 * connections. Pure.
 * @module
 */

/** How often and how patiently to retry. */
export interface RetryPolicy {
  /** Tries in all, the first included. @default {6} */
  attempts: number;
  /** The first backoff's ceiling, in ms; it doubles each try. @default {200} */
  baseMs: number;
  /** The largest backoff, in ms. @default {10_000} */
  capMs: number;
}

/** The policy tarz uses; `TARZ_S3_RETRY_BASE_MS` shortens it for tests. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseMs: 200, capMs: 10_000 };

const _RETRY_CODES = new Set([
  "SlowDown",
  "RequestTimeout",
  "RequestTimeTooSkewed",
  "InternalError",
  "ServiceUnavailable",
  "Throttling",
  "ThrottlingException",
]);

/** Whether a response with `status` and S3 error `code` is worth trying again. */
export function retryableStatus(status: number, code?: string): boolean {
  return status >= 500 || status === 429 || status === 408 || (!!code && _RETRY_CODES.has(code));
}

/** Whether a thrown error is a network failure (reset, refused, timeout) worth retrying. */
export function retryableError(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  // an abort is the user's, unless it came from a timeout
  if (e.name === "AbortError") return (e.cause as Error | undefined)?.name === "TimeoutError";
  return e instanceof TypeError || e.name === "TimeoutError" ||
    /connection|reset|closed|EPIPE|ECONN|socket hang up|timed? ?out|network|body|aborted/i.test(
      e.message,
    );
}

/** The wait before try number `attempt` (1 for the first retry), with full jitter. */
export function backoffMs(attempt: number, policy: RetryPolicy, random = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** (attempt - 1));
  return Math.round(random() * ceiling);
}
