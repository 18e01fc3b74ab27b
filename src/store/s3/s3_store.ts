/**
 * The S3 backend of {@linkcode Store}: one bucket of any S3-compatible service (AWS,
 * MinIO, Ceph, R2, B2, …).
 * @module
 */
import type { CreateOptions, ObjectInfo, ObjectWriter, Store } from "../store.ts";
import { S3Client } from "./s3_client.ts";
import { loadS3Config, type S3Settings } from "./s3_config.ts";
import { readObject } from "./s3_read.ts";
import { S3Upload } from "./s3_upload.ts";
import { parseListObjects, parseListUploads, type PendingUpload } from "./s3_xml.ts";

/** A bucket, as a store. */
export class S3Store implements Store {
  readonly #s3: S3Client;

  constructor(readonly bucket: string, settings: S3Settings = {}, client?: S3Client) {
    this.#s3 = client ?? new S3Client(loadS3Config(settings));
  }

  describe(key: string): string {
    return `s3://${this.bucket}/${key}`;
  }

  async stat(key: string): Promise<ObjectInfo | null> {
    const res = await this.#s3.send({ method: "HEAD", bucket: this.bucket, key, accept: [404] });
    if (res.status === 404) return null;
    return {
      key,
      size: Number(res.headers.get("content-length") ?? 0),
      modified: new Date(res.headers.get("last-modified") ?? 0),
    };
  }

  read(key: string, offset = 0, length?: number, signal?: AbortSignal) {
    return readObject(this.#s3, this.bucket, key, offset, length, signal);
  }

  /** Every object under `prefix`, fetched `pageSize` keys a request. */
  async list(prefix: string, pageSize = 1000): Promise<ObjectInfo[]> {
    const out: ObjectInfo[] = [];
    let token: string | undefined;
    do {
      const query: Record<string, string> = {
        "list-type": "2",
        prefix,
        "max-keys": String(pageSize),
      };
      if (token) query["continuation-token"] = token;
      const res = await this.#s3.send({ method: "GET", bucket: this.bucket, query });
      const page = parseListObjects(await res.text());
      for (const o of page.objects) {
        out.push({ key: o.key, size: o.size, modified: o.lastModified });
      }
      token = page.next;
    } while (token);
    return out;
  }

  async remove(key: string): Promise<void> {
    const res = await this.#s3.send({ method: "DELETE", bucket: this.bucket, key, accept: [404] });
    await res.body?.cancel();
  }

  async create(key: string, options: CreateOptions = {}): Promise<ObjectWriter> {
    const upload = new S3Upload(this.#s3, this.bucket, key, { force: options.force });
    await upload.open();
    return upload;
  }

  async put(key: string, data: Uint8Array, options: CreateOptions = {}): Promise<void> {
    const upload = new S3Upload(this.#s3, this.bucket, key, { force: options.force });
    await upload.writeAll((async function* () {
      yield data;
    })());
    await upload.commit();
  }

  /** Multipart uploads under `prefix` that were never completed nor aborted. */
  async pendingUploads(prefix: string): Promise<PendingUpload[]> {
    const out: PendingUpload[] = [];
    let marker: { key: string; uploadId: string } | undefined;
    do {
      const query: Record<string, string> = { uploads: "", prefix };
      if (marker) {
        Object.assign(query, { "key-marker": marker.key, "upload-id-marker": marker.uploadId });
      }
      const res = await this.#s3.send({ method: "GET", bucket: this.bucket, query });
      const page = parseListUploads(await res.text());
      out.push(...page.uploads);
      marker = page.next;
    } while (marker);
    return out;
  }

  /** Aborts a pending multipart upload, freeing its parts. */
  async abortUpload(u: PendingUpload): Promise<void> {
    const res = await this.#s3.send({
      method: "DELETE",
      bucket: this.bucket,
      key: u.key,
      query: { uploadId: u.uploadId },
      accept: [404],
    });
    await res.body?.cancel();
  }
}
