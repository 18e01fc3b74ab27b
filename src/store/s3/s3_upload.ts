/**
 * Writing one S3 object from a stream with bounded memory: a single PUT when it fits in
 * one part, else a multipart upload with several parts in flight, sized by part_size.ts.
 * The object exists only once the upload completes; a failure, a cancel or
 * {@linkcode S3Upload.discard} aborts the multipart upload, so no parts are left.
 * @module
 */
import { createHash } from "node:crypto";
import { OutputExistsError } from "../../sink/atomic_file.ts";
import type { ObjectWriter } from "../store.ts";
import type { S3Client } from "./s3_client.ts";
import { MIN_PART, partSize } from "./part_size.ts";
import { completeBody, parseError, tagValue } from "./s3_xml.ts";

/** How an upload behaves. */
export interface S3UploadOptions {
  /** Replace an existing object. @default {false} */
  force?: boolean;
  /** Parts in flight at once. @default {4} */
  parallel?: number;
  /** The first parts' size, in bytes. @default {8 MiB} */
  minPart?: number;
}

/** An object being uploaded. */
export class S3Upload implements ObjectWriter {
  readonly location: string;
  readonly #s3: S3Client;
  readonly #bucket: string;
  readonly #key: string;
  readonly #o: Required<S3UploadOptions>;
  readonly #abort = new AbortController();
  #uploadId: string | null = null;
  readonly #etags: string[] = [];
  readonly #inflight = new Set<Promise<void>>();
  #failed: unknown = null;
  #buf: Uint8Array<ArrayBuffer>;
  #fill = 0;
  /** Part buffers whose upload is done, for the next parts: fresh ones would wait for the GC. */
  readonly #free: Uint8Array<ArrayBuffer>[] = [];
  #done = false;

  constructor(s3: S3Client, bucket: string, key: string, options: S3UploadOptions = {}) {
    this.#s3 = s3;
    this.#bucket = bucket;
    this.#key = key;
    this.location = `s3://${bucket}/${key}`;
    this.#o = { force: false, parallel: 4, minPart: MIN_PART, ...options };
    this.#buf = new Uint8Array(partSize(1, this.#o.minPart));
  }

  /** Buffers the stream into parts and sends each one full; the last waits for commit. */
  async writeAll(
    chunks: AsyncIterable<Uint8Array>,
    onBytes?: (n: number) => void,
  ): Promise<number> {
    let total = 0;
    for await (const chunk of chunks) {
      let off = 0;
      while (off < chunk.length) {
        if (this.#fill === this.#buf.length) await this.#sendFull();
        const n = Math.min(chunk.length - off, this.#buf.length - this.#fill);
        this.#buf.set(chunk.subarray(off, off + n), this.#fill);
        this.#fill += n;
        off += n;
      }
      total += chunk.length;
      onBytes?.(chunk.length);
    }
    return total;
  }

  /** Sends what is buffered and completes the upload (or PUTs a small object whole). */
  async commit(): Promise<void> {
    if (this.#done) throw new Error(`${this.location}: committed or discarded already`);
    try {
      if (this.#uploadId === null) {
        await this.#putWhole(this.#buf.subarray(0, this.#fill));
      } else {
        if (this.#fill > 0 || this.#etags.length === 0) await this.#sendFull();
        await Promise.all(this.#inflight);
        if (this.#failed) throw this.#failed;
        await this.#complete();
      }
      this.#done = true;
    } catch (e) {
      await this.discard();
      throw e;
    }
  }

  /** Stops the parts in flight and aborts the multipart upload; safe to call again. */
  async discard(): Promise<void> {
    this.#done = true;
    this.#abort.abort(new Error("upload discarded"));
    await Promise.allSettled(this.#inflight);
    const id = this.#uploadId;
    this.#uploadId = null;
    if (id === null) return;
    await this.#s3.send({
      method: "DELETE",
      bucket: this.#bucket,
      key: this.#key,
      query: { uploadId: id },
      accept: [404],
    }).then((r) => r.body?.cancel(), () => {/* a part may remain; the next prune removes it */});
  }

  /** Hands the full buffer to a part upload, starting the multipart upload first. */
  async #sendFull(): Promise<void> {
    if (this.#failed) throw this.#failed;
    if (this.#uploadId === null) await this.#start();
    while (this.#inflight.size >= this.#o.parallel) {
      await Promise.race(this.#inflight);
      if (this.#failed) throw this.#failed;
    }
    const n = this.#etags.length + 1;
    const buf = this.#buf;
    this.#etags.push("");
    const p = this.#sendPart(n, buf.subarray(0, this.#fill)).catch((e) => {
      this.#failed ??= e;
    }).finally(() => {
      this.#inflight.delete(p);
      this.#free.push(buf); // sent (or given up): nothing holds it any more
    });
    this.#inflight.add(p);
    this.#buf = this.#take(partSize(n + 1, this.#o.minPart));
    this.#fill = 0;
  }

  /** A buffer of `size` bytes: a free one of that size, else a new one. */
  #take(size: number): Uint8Array<ArrayBuffer> {
    const i = this.#free.findIndex((b) => b.length === size);
    if (i >= 0) return this.#free.splice(i, 1)[0];
    this.#free.length = 0; // the parts grew: the smaller buffers are of no more use
    return new Uint8Array(size);
  }

  async #start(): Promise<void> {
    const res = await this.#s3.send({
      method: "POST",
      bucket: this.#bucket,
      key: this.#key,
      query: { uploads: "" },
      headers: this.#classHeader(),
      signal: this.#abort.signal,
    });
    const id = tagValue(await res.text(), "UploadId");
    if (!id) throw new Error(`${this.location}: CreateMultipartUpload gave no UploadId`);
    this.#uploadId = id;
  }

  async #sendPart(n: number, body: Uint8Array<ArrayBuffer>): Promise<void> {
    const res = await this.#s3.send({
      method: "PUT",
      bucket: this.#bucket,
      key: this.#key,
      query: { partNumber: String(n), uploadId: this.#uploadId! },
      headers: { "content-md5": _md5(body) },
      body,
      signal: this.#abort.signal,
    });
    await res.body?.cancel();
    const etag = res.headers.get("etag");
    if (!etag) throw new Error(`${this.location}: part ${n} was stored without an ETag`);
    this.#etags[n - 1] = etag;
  }

  async #complete(): Promise<void> {
    if (!this.#o.force) await this.#mustNotExist(); // another run may have made it meanwhile
    const res = await this.#s3.send({
      method: "POST",
      bucket: this.#bucket,
      key: this.#key,
      query: { uploadId: this.#uploadId! },
      headers: { "content-type": "application/xml" },
      body: completeBody(this.#etags),
      signal: this.#abort.signal,
    });
    // S3 may answer 200 and still fail: the error is then in the body
    const text = await res.text();
    const { code, message } = parseError(text);
    if (text.includes("<Error>")) {
      throw new Error(`${this.location}: CompleteMultipartUpload failed: ${code} ${message ?? ""}`);
    }
    this.#uploadId = null; // completed: nothing to abort
  }

  async #putWhole(body: Uint8Array<ArrayBuffer>): Promise<void> {
    if (!this.#o.force) await this.#mustNotExist();
    const res = await this.#s3.send({
      method: "PUT",
      bucket: this.#bucket,
      key: this.#key,
      headers: {
        "content-md5": _md5(body),
        ...this.#classHeader(),
        ...(this.#o.force ? {} : { "if-none-match": "*" }),
      },
      body,
      accept: [412],
      signal: this.#abort.signal,
    });
    await res.body?.cancel();
    if (res.status === 412) throw new OutputExistsError(this.location);
  }

  /**
   * Checks, before anything is read, that the bucket answers to these credentials and
   * (unless `force`) that the key is free. A listing, not a HEAD: its errors have a body,
   * so a wrong secret is told from a missing bucket.
   */
  async open(): Promise<void> {
    const exists = await objectExists(this.#s3, this.#bucket, this.#key, this.#abort.signal);
    if (exists && !this.#o.force) throw new OutputExistsError(this.location);
  }

  /** Refuses an existing object (the PUT is conditional too where S3 supports it). */
  async #mustNotExist(): Promise<void> {
    if (await objectExists(this.#s3, this.#bucket, this.#key, this.#abort.signal)) {
      throw new OutputExistsError(this.location);
    }
  }

  #classHeader(): Record<string, string> {
    const c = this.#s3.storageClass;
    return c ? { "x-amz-storage-class": c } : {};
  }
}

/** Whether `key` exists, from a one-key listing at it. */
export async function objectExists(
  s3: S3Client,
  bucket: string,
  key: string,
  signal?: AbortSignal,
): Promise<boolean> {
  const res = await s3.send({
    method: "GET",
    bucket,
    query: { "list-type": "2", prefix: key, "max-keys": "1" },
    signal,
  });
  return tagValue(await res.text(), "Key") === key;
}

function _md5(data: Uint8Array): string {
  return createHash("md5").update(data).digest("base64");
}
