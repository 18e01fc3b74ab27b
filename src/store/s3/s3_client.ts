/**
 * Signed S3 requests (an I/O adapter): SigV4 by aws4fetch, path-style or
 * virtual-hosted URLs, retries with backoff (retry_policy.ts), and errors that name the
 * object, the HTTP status and the S3 error code, never a secret.
 * @module
 */
import { AwsV4Signer } from "aws4fetch";
import { TarzError } from "../../errors.ts";
import type { S3Config } from "./s3_config.ts";
import { parseError } from "./s3_xml.ts";
import { httpRequest } from "./http_request.ts";
import {
  backoffMs,
  DEFAULT_RETRY,
  retryableError,
  retryableStatus,
  type RetryPolicy,
} from "./retry_policy.ts";

/**
 * Thrown when S3 refuses a request or cannot be reached, after the retries. Exit code 2
 * for a name that does not exist (404: no such key or bucket), else 1.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { S3Error } from "./s3_client.ts";
 * const e = new S3Error("S3 refused s3://b/k: 404 NoSuchKey", undefined, 404, "NoSuchKey");
 * assert.ok(e.exitCode === 2 && e.code === "NoSuchKey");
 * ```
 */
export class S3Error extends TarzError {
  /** Always "S3Error". */
  override name = "S3Error";
  /** Creates the error; `status` 0 when the service did not answer. */
  constructor(
    message: string,
    hint: string | undefined,
    /** The HTTP status (0: no answer). */
    readonly status: number,
    /** The S3 error code, when the answer had one. */
    readonly code?: string,
    options?: ErrorOptions,
  ) {
    super(message, status === 404 ? 2 : 1, hint, options);
  }
}

/** One request: the object (or the bucket when `key` is undefined) and what to send. */
export interface S3Request {
  method: "GET" | "PUT" | "POST" | "DELETE" | "HEAD";
  bucket: string;
  key?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: Uint8Array<ArrayBuffer> | string;
  /** Statuses that are answers, not errors (404 for a HEAD that asks whether it exists). */
  accept?: number[];
  signal?: AbortSignal;
}

/** How long to wait for the response's headers before the try counts as failed. */
const _HEADERS_TIMEOUT_MS = 120_000;

/** Sends signed requests to one S3 service. */
export class S3Client {
  readonly #c: S3Config;
  readonly #retry: RetryPolicy;

  constructor(config: S3Config, retry: RetryPolicy = _retryFromEnv()) {
    this.#c = config;
    this.#retry = retry;
  }

  /** The storage class new objects get, if set. */
  get storageClass(): string | undefined {
    return this.#c.storageClass;
  }

  /** The request's URL. */
  url(bucket: string, key?: string, query?: Record<string, string>): URL {
    const base = new URL(this.#c.endpoint);
    const path = key === undefined ? "" : `/${_encodeKey(key)}`;
    const u = this.#c.pathStyle
      ? new URL(`${base.origin}${base.pathname.replace(/\/$/, "")}/${bucket}${path}`)
      : new URL(`${base.protocol}//${bucket}.${base.host}${path || "/"}`);
    for (const [k, v] of Object.entries(query ?? {})) u.searchParams.set(k, v);
    return u;
  }

  /** Sends `r`, retrying what is worth it; returns the response or throws {@linkcode S3Error}. */
  async send(r: S3Request): Promise<Response> {
    const what = r.key === undefined ? `s3://${r.bucket}` : `s3://${r.bucket}/${r.key}`;
    for (let attempt = 1;; attempt++) {
      const last = attempt >= this.#retry.attempts;
      let res: Response;
      try {
        res = await this.#fetch(r);
      } catch (e) {
        if (r.signal?.aborted) throw r.signal.reason ?? e;
        if (last || !retryableError(e)) {
          throw new S3Error(
            `Cannot reach ${this.#c.endpoint} for ${what}: ${(e as Error).message}`,
            "check the endpoint (AWS_ENDPOINT_URL) and the network",
            0,
            undefined,
            { cause: e },
          );
        }
        await _wait(backoffMs(attempt, this.#retry), r.signal);
        continue;
      }
      if (res.ok || r.accept?.includes(res.status)) return res;
      const text = r.method === "HEAD" ? "" : await res.text().catch(() => "");
      const { code, message } = parseError(text);
      if (!last && retryableStatus(res.status, code)) {
        await _wait(backoffMs(attempt, this.#retry), r.signal);
        continue;
      }
      throw this.#refused(what, res.status, code ?? _codeOf(res.status), message);
    }
  }

  async #fetch(r: S3Request): Promise<Response> {
    const headers: Record<string, string> = { ...r.headers };
    const signer = new AwsV4Signer({
      method: r.method,
      url: this.url(r.bucket, r.key, r.query).toString(),
      headers,
      body: r.body,
      accessKeyId: this.#c.accessKeyId,
      secretAccessKey: this.#c.secretAccessKey,
      sessionToken: this.#c.sessionToken,
      service: "s3",
      region: this.#c.region,
    });
    const signed = await signer.sign();
    const timeout = new AbortController();
    const timer = setTimeout(
      () => timeout.abort(new DOMException("timed out", "TimeoutError")),
      _HEADERS_TIMEOUT_MS,
    );
    const signal = r.signal ? AbortSignal.any([r.signal, timeout.signal]) : timeout.signal;
    try {
      // a request without a body goes by fetch, whose body reads pace the download (node:http
      // read ahead: downloading and extracting the corpus took 260 MiB, against 215 MiB);
      // one with a body by node:http, which writes it from tarz's buffer (http_request.ts)
      if (r.body === undefined) {
        return await fetch(signed.url, { method: signed.method, headers: signed.headers, signal });
      }
      return await httpRequest(
        signed.url,
        signed.method,
        Object.fromEntries(signed.headers),
        r.body,
        signal,
      );
    } finally {
      clearTimeout(timer);
    }
  }

  /** The error for a refusal, with what to do about the common ones. */
  #refused(what: string, status: number, code: string, message?: string): S3Error {
    const keys = this.#c.source === "AWS_ACCESS_KEY_ID" ? null : this.#c.source;
    const hints: Record<string, string> = {
      SignatureDoesNotMatch: keys
        ? `check the secret key of ${keys}`
        : "check AWS_SECRET_ACCESS_KEY",
      InvalidAccessKeyId: keys ? `check the access key of ${keys}` : "check AWS_ACCESS_KEY_ID",
      NoSuchBucket: "check the bucket's name, or create it",
      AccessDenied: "check that these credentials may use this bucket",
      NoSuchKey: "check the name (tarz list s3://BUCKET/PREFIX/ shows what is there)",
    };
    const detail = message && message !== code ? ` (${message})` : "";
    return new S3Error(`S3 refused ${what}: ${status} ${code}${detail}`, hints[code], status, code);
  }
}

/** A key in a URL path: every byte but unreserved ones and "/" percent-encoded (RFC 3986). */
function _encodeKey(key: string): string {
  return key.split("/").map((p) =>
    encodeURIComponent(p).replace(
      /[!'()*]/g,
      (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
    )
  ).join("/");
}

function _codeOf(status: number): string {
  return {
    301: "PermanentRedirect",
    403: "AccessDenied",
    404: "NotFound",
    412: "PreconditionFailed",
  }[status] ??
    `HTTP${status}`;
}

function _retryFromEnv(): RetryPolicy {
  const base = Number(Deno.env.get("TARZ_S3_RETRY_BASE_MS"));
  return base > 0 ? { ...DEFAULT_RETRY, baseMs: base } : DEFAULT_RETRY;
}

function _wait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener("abort", stop);
      resolve();
    }
    function stop() {
      clearTimeout(t);
      reject(signal!.reason);
    }
    signal?.addEventListener("abort", stop, { once: true });
  });
}
