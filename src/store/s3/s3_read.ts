/**
 * Reading an S3 object as a stream that starts with the first bytes and survives dropped
 * connections: after a failure mid-body the read goes on from the last byte received,
 * with a Range request, and checks that the object is still the same one (its ETag).
 * @module
 */
import { type S3Client, S3Error } from "./s3_client.ts";
import { backoffMs, DEFAULT_RETRY, retryableError } from "./retry_policy.ts";

/** The object's size and its bytes from `offset` on (`length` of them, or to the end). */
export async function readObject(
  s3: S3Client,
  bucket: string,
  key: string,
  offset = 0,
  length?: number,
  signal?: AbortSignal,
): Promise<{ size: number; chunks: AsyncGenerator<Uint8Array> }> {
  const want = length === undefined ? undefined : offset + length;
  const first = await _get(s3, bucket, key, offset, want, signal);
  const size = _sizeOf(first, offset);
  const etag = first.headers.get("etag");
  const end = Math.min(size, want ?? size);
  return { size, chunks: _chunks(s3, bucket, key, offset, end, etag, first, signal) };
}

async function* _chunks(
  s3: S3Client,
  bucket: string,
  key: string,
  offset: number,
  end: number,
  etag: string | null,
  first: Response,
  signal?: AbortSignal,
): AsyncGenerator<Uint8Array> {
  let at = offset;
  let res: Response | null = first;
  let failures = 0;
  while (at < end) {
    try {
      res ??= await _get(s3, bucket, key, at, end, signal);
      if (res.headers.get("etag") !== etag) {
        throw new S3Error(
          `Cannot read s3://${bucket}/${key}: it was replaced while being read`,
          "read it again",
          res.status,
        );
      }
      const reader = res.body!.getReader();
      try {
        while (true) {
          const r = await reader.read();
          if (r.done) break;
          at += r.value.length;
          failures = 0;
          yield r.value;
        }
      } finally {
        reader.releaseLock();
      }
      res = null;
      if (at < end) throw new TypeError("connection closed before the end of the body");
    } catch (e) {
      if (e instanceof S3Error || signal?.aborted || !retryableError(e)) throw e;
      if (++failures >= DEFAULT_RETRY.attempts) {
        throw new S3Error(
          `Cannot read s3://${bucket}/${key}: the connection failed ${failures} times at byte ${at}`,
          "check the network, and try again",
          0,
          undefined,
          { cause: e },
        );
      }
      await res?.body?.cancel().catch(() => {});
      res = null;
      await new Promise((r) => setTimeout(r, backoffMs(failures, DEFAULT_RETRY)));
    }
  }
  await res?.body?.cancel().catch(() => {});
}

function _get(
  s3: S3Client,
  bucket: string,
  key: string,
  offset: number,
  end: number | undefined,
  signal?: AbortSignal,
): Promise<Response> {
  const range: Record<string, string> = end !== undefined
    ? { range: `bytes=${offset}-${end - 1}` }
    : offset > 0
    ? { range: `bytes=${offset}-` }
    : {};
  return s3.send({ method: "GET", bucket, key, headers: range, signal });
}

/** The whole object's size, from Content-Range (a ranged answer) or Content-Length. */
function _sizeOf(res: Response, offset: number): number {
  const range = /\/(\d+)$/.exec(res.headers.get("content-range") ?? "");
  if (range) return Number(range[1]);
  return Number(res.headers.get("content-length") ?? 0) + (res.status === 206 ? offset : 0);
}
