/**
 * The rclone backend of {@linkcode Store}: `rclone:REMOTE:path`, any of rclone's 40-odd
 * providers through the user's rclone config (`RCLONE_CONFIG` is honoured, as rclone does).
 * An upload streams into `rclone rcat` under a hidden temporary name in the target
 * directory, then `rclone moveto` gives it its name; `rclone cat --offset --count` reads,
 * `rclone lsjson` lists and stats, `rclone deletefile` deletes.
 * @module
 */
import { partialPathOf } from "../../sink/stale_partials.ts";
import type { CreateOptions, ObjectInfo, ObjectWriter, Store } from "../store.ts";
import { putThrough } from "../put_object.ts";
import { refuseExisting } from "../existing_object.ts";
import { missingRclone, notFound, rclone, rcloneFailed, rcloneProgram } from "./rclone_command.ts";

interface _Listed {
  Name: string;
  Size: number;
  ModTime: string;
  IsDir: boolean;
}

/** One rclone remote, as a store; keys are paths inside it. */
export class RcloneStore implements Store {
  constructor(readonly remote: string) {}

  describe(key: string): string {
    return `rclone:${this.remote}:${key}`;
  }

  #target(key: string): string {
    return `${this.remote}:${key}`;
  }

  async stat(key: string): Promise<ObjectInfo | null> {
    const r = await rclone(["lsjson", "--stat", this.#target(key)], this.describe(key), notFound);
    if (!r.ok) return null;
    const o = JSON.parse(r.stdout) as _Listed;
    return o.IsDir ? null : { key, size: o.Size, modified: new Date(o.ModTime) };
  }

  async read(key: string, offset = 0, length?: number) {
    const info = await this.stat(key);
    if (!info) throw rcloneFailed(this.describe(key), "object not found");
    const args = ["cat", this.#target(key), "--offset", String(offset)];
    if (length !== undefined) args.push("--count", String(length));
    return { size: info.size, chunks: _stream(args, this.describe(key)) };
  }

  async list(prefix: string): Promise<ObjectInfo[]> {
    const slash = prefix.lastIndexOf("/");
    const dir = slash < 0 ? "" : prefix.slice(0, slash + 1);
    const r = await rclone(
      ["lsjson", "--files-only", this.#target(dir)],
      this.describe(dir),
      (e) => /directory not found/i.test(e),
    );
    if (!r.ok) return [];
    return (JSON.parse(r.stdout) as _Listed[])
      .map((o) => ({ key: dir + o.Name, size: o.Size, modified: new Date(o.ModTime) }))
      .filter((o) => o.key.startsWith(prefix))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async remove(key: string): Promise<void> {
    await rclone(["deletefile", this.#target(key)], this.describe(key), notFound);
  }

  async create(key: string, options: CreateOptions = {}): Promise<ObjectWriter> {
    await refuseExisting(this, key, options.force ?? false);
    return new _RcloneUpload(this, key, partialPathOf(key), options.force ?? false);
  }

  put(key: string, data: Uint8Array, options: CreateOptions = {}): Promise<void> {
    return putThrough(this, key, data, options);
  }
}

/** An upload into a temporary name, renamed on commit; removed on discard. */
class _RcloneUpload implements ObjectWriter {
  readonly location: string;
  #child: Deno.ChildProcess | null = null;
  #done = false;

  constructor(
    readonly store: RcloneStore,
    readonly key: string,
    readonly temp: string,
    readonly force: boolean,
  ) {
    this.location = store.describe(key);
  }

  async writeAll(
    chunks: AsyncIterable<Uint8Array>,
    onBytes?: (n: number) => void,
  ): Promise<number> {
    try {
      this.#child = new Deno.Command(rcloneProgram(), {
        args: ["rcat", `${this.store.remote}:${this.temp}`],
        stdin: "piped",
        stdout: "null",
        stderr: "piped",
      }).spawn();
    } catch (e) {
      throw missingRclone(e);
    }
    const w = this.#child.stdin.getWriter();
    let total = 0;
    for await (const c of chunks) {
      await w.write(c.slice()); // the chunk may be reused once written
      total += c.length;
      onBytes?.(c.length);
    }
    await w.close();
    return total;
  }

  async commit(): Promise<void> {
    const child = this.#child!;
    const out = await child.output();
    this.#child = null;
    if (!out.success) {
      await this.discard();
      throw rcloneFailed(this.location, new TextDecoder().decode(out.stderr));
    }
    await refuseExisting(this.store, this.key, this.force, () => this.discard());
    const r = `${this.store.remote}:`;
    await rclone(["moveto", r + this.temp, r + this.key], this.location);
    this.#done = true;
  }

  async discard(): Promise<void> {
    if (this.#done) return;
    this.#done = true;
    if (this.#child) {
      try {
        this.#child.kill("SIGTERM");
      } catch { /* gone */ }
      await this.#child.status.catch(() => {});
      this.#child = null;
    }
    await this.store.remove(this.temp).catch(() => {/* the next prune removes it */});
  }
}

/** `rclone args` stdout as chunks; the process is stopped if the reader stops early. */
async function* _stream(args: string[], what: string): AsyncGenerator<Uint8Array> {
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(rcloneProgram(), {
      args,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    })
      .spawn();
  } catch (e) {
    throw missingRclone(e);
  }
  const errors = new Response(child.stderr).text();
  let finished = false;
  try {
    for await (const c of child.stdout) yield c;
    finished = true;
  } finally {
    if (!finished) {
      try {
        child.kill("SIGTERM");
      } catch { /* gone */ }
    }
  }
  const status = await child.status;
  const stderr = await errors;
  if (!status.success) throw rcloneFailed(what, stderr);
}
