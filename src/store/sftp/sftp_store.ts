/**
 * The SFTP backend of {@linkcode Store}: `sftp://[user@]host[:port]/path` (`/~/path` for a
 * path below the login directory) through the system ssh. An upload goes to a hidden
 * temporary name in the target directory, several writes in flight, and is renamed into
 * place once whole (with OpenSSH's posix-rename where it replaces a file); a failure or a
 * cancel removes it. A connection lost mid-upload is made again (twice at most), and what
 * the server had not acknowledged is sent again. Reads are pipelined too.
 * @module
 */
import { partialPathOf } from "../../sink/stale_partials.ts";
import type { CreateOptions, ObjectInfo, ObjectWriter, Store } from "../store.ts";
import { putThrough } from "../put_object.ts";
import { refuseExisting } from "../existing_object.ts";
import { OpeningWriter } from "../opening_writer.ts";
import { CREATE_NEW, SftpClient, SftpError, type SftpTarget } from "./sftp_client.ts";
import { FXF, writeData, writePacketSize } from "./sftp_packets.ts";
import { WriteWindow } from "./write_window.ts";

const _PIECE = 252 << 10;
const _READ_AHEAD = 8;
const _S_IFMT = 0o170000;
const _S_IFREG = 0o100000;

/** One SFTP server, as a store; keys are paths there. */
export class SftpStore implements Store {
  #client: Promise<SftpClient> | null = null;

  constructor(readonly target: SftpTarget, readonly command?: string) {}

  /** The session, started at first use and kept for the run. */
  client(): Promise<SftpClient> {
    this.#client ??= SftpClient.connect(this.target, this.command);
    return this.#client;
  }

  /** A new session, after the last one was lost. */
  reconnect(): Promise<SftpClient> {
    this.#client?.then((c) => c.kill(), () => {});
    this.#client = SftpClient.connect(this.target, this.command);
    return this.#client;
  }

  describe(key: string): string {
    const t = this.target;
    const where = `${t.user ? `${t.user}@` : ""}${t.host}${t.port ? `:${t.port}` : ""}`;
    return `sftp://${where}${key.startsWith("/") ? key : `/~/${key}`}`;
  }

  async stat(key: string): Promise<ObjectInfo | null> {
    const a = await (await this.client()).stat(key);
    if (!a || (a.mode !== undefined && (a.mode & _S_IFMT) !== _S_IFREG)) return null;
    return { key, size: a.size ?? 0, modified: new Date((a.mtime ?? 0) * 1000) };
  }

  async read(key: string, offset = 0, length?: number) {
    const c = await this.client();
    const info = await this.stat(key);
    if (!info) await c.open(key, FXF.READ); // throws the server's "no such file"
    const end = Math.min(info!.size, length === undefined ? Infinity : offset + length);
    return { size: info!.size, chunks: _read(c, key, offset, end, this.describe(key)) };
  }

  async list(prefix: string): Promise<ObjectInfo[]> {
    const slash = prefix.lastIndexOf("/");
    const dir = slash < 0 ? "" : prefix.slice(0, slash + 1);
    const entries = await (await this.client()).list(dir || ".");
    return entries
      .filter((e) => e.attrs.mode === undefined || (e.attrs.mode & _S_IFMT) === _S_IFREG)
      .map((e) => ({
        key: dir + e.name,
        size: e.attrs.size ?? 0,
        modified: new Date((e.attrs.mtime ?? 0) * 1000),
      }))
      .filter((o) => o.key.startsWith(prefix))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async remove(key: string): Promise<void> {
    await (await this.client()).remove(key);
  }

  /**
   * Starts an upload. ssh and the session take a while to start (about 0.25 s here, more
   * when the walk and the compressor share the cores with it): the run goes on meanwhile,
   * and the first 16 MiB wait for the session.
   */
  create(key: string, options: CreateOptions = {}): Promise<ObjectWriter> {
    const opening = this.#open(key, options);
    return Promise.resolve(new OpeningWriter(opening, this.describe(key), 16 << 20));
  }

  async #open(key: string, options: CreateOptions): Promise<ObjectWriter> {
    await refuseExisting(this, key, options.force ?? false);
    const c = await this.client();
    const temp = partialPathOf(key);
    const handle = await c.open(temp, CREATE_NEW, 0o644, key); // an error names the target
    return new _SftpUpload(this, c, key, temp, handle, options.force ?? false);
  }

  put(key: string, data: Uint8Array, options: CreateOptions = {}): Promise<void> {
    return putThrough(this, key, data, options);
  }
}

/** A file being written under its temporary name. */
class _SftpUpload implements ObjectWriter {
  readonly location: string;
  #offset = 0;
  #inflight = new Set<Promise<void>>();
  #window = new WriteWindow();
  /**
   * The pieces sent and not yet acknowledged, by offset, each as the buffer its request is
   * framed in: what a new connection sends again.
   */
  readonly #unacked = new Map<number, Uint8Array>();
  /** Buffers whose requests the server has acknowledged, for the next pieces. */
  #free: Uint8Array[] = [];
  #failed: unknown = null;
  #lost = false;
  #reconnects = 0;
  #open = true;
  #done = false;

  constructor(
    readonly store: SftpStore,
    public c: SftpClient,
    readonly key: string,
    readonly temp: string,
    public handle: Uint8Array,
    readonly force: boolean,
  ) {
    this.location = store.describe(key);
  }

  async writeAll(
    chunks: AsyncIterable<Uint8Array>,
    onBytes?: (n: number) => void,
  ): Promise<number> {
    let total = 0;
    for await (const chunk of chunks) {
      for (let at = 0; at < chunk.length; at += _PIECE) {
        while (this.#inflight.size >= this.#window.size) {
          this.#window.waited();
          await Promise.race(this.#inflight);
        }
        await this.#recover();
        const piece = chunk.subarray(at, at + _PIECE); // copied into the request at once
        this.#send(this.#offset, piece);
        this.#offset += piece.length;
      }
      total += chunk.length;
      onBytes?.(chunk.length);
    }
    return total;
  }

  /** Sends a piece, framed (and so copied) in a free buffer before this returns. */
  #send(offset: number, piece: Uint8Array): void {
    const into = this.#free.pop() ?? new Uint8Array(writePacketSize(this.handle, _PIECE));
    this.#unacked.set(offset, into);
    const sent = performance.now();
    const p = this.c.write(this.handle, offset, piece, this.location, into)
      .then(() => {
        this.#window.acked(performance.now() - sent);
        this.#unacked.delete(offset);
        this.#free.push(into);
      })
      .catch((e) => {
        if (e instanceof SftpError && e.code === -1) this.#lost = true;
        else this.#failed ??= e;
      })
      .finally(() => this.#inflight.delete(p));
    this.#inflight.add(p);
  }

  /**
   * After a lost connection: a new one, the temporary file opened again, and the pieces it
   * never acknowledged sent again. Twice at most; then the first error goes on.
   */
  async #recover(): Promise<void> {
    if (this.#failed) throw this.#failed;
    if (!this.#lost) return;
    await Promise.allSettled(this.#inflight);
    if (this.#failed) throw this.#failed;
    if (++this.#reconnects > 2) throw this.c.lostError();
    this.c = await this.store.reconnect();
    this.handle = await this.c.open(this.temp, FXF.WRITE);
    this.#lost = false;
    this.#free = []; // sized for the old handle
    this.#window = new WriteWindow(); // another path, perhaps
    for (const [offset, sent] of [...this.#unacked]) this.#send(offset, writeData(sent));
    await Promise.allSettled(this.#inflight);
    return await this.#recover(); // lost again: once more, or the error
  }

  async commit(): Promise<void> {
    try {
      await Promise.allSettled(this.#inflight);
      await this.#recover();
    } catch (e) {
      await this.discard();
      throw e;
    }
    this.#open = false;
    await this.c.close(this.handle);
    await refuseExisting(this.store, this.key, this.force, () => this.discard());
    await this.c.rename(this.temp, this.key, this.force);
    this.#done = true;
  }

  async discard(): Promise<void> {
    if (this.#done) return;
    this.#done = true;
    await Promise.allSettled(this.#inflight);
    if (this.#open) await this.c.close(this.handle).catch(() => {});
    await this.c.remove(this.temp).catch(() => {/* the next prune removes it */});
  }
}

/** The file's bytes from `offset` to `end`, in pieces, several requests in flight. */
async function* _read(
  c: SftpClient,
  key: string,
  offset: number,
  end: number,
  what: string,
): AsyncGenerator<Uint8Array> {
  const handle = await c.open(key, FXF.READ);
  try {
    const ahead: { got: Promise<Uint8Array | null>; n: number }[] = [];
    let asked = offset;
    let at = offset;
    while (at < end) {
      while (ahead.length < _READ_AHEAD && asked < end) {
        const n = Math.min(_PIECE, end - asked);
        ahead.push({ got: c.read(handle, asked, n, what), n });
        asked += n;
      }
      const { got: next, n } = ahead.shift()!;
      const got = await next;
      if (got === null || got.length === 0) break;
      at += got.length;
      yield got;
      if (got.length < n) {
        // a short read: ask again from where it ended (the requests after it are discarded)
        await Promise.allSettled(ahead.splice(0).map((a) => a.got));
        asked = at;
      }
    }
  } finally {
    await c.close(handle).catch(() => {});
  }
}
