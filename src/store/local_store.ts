/**
 * The local file system as a {@linkcode Store}: keys are paths. Writing goes through the
 * atomic sink (a temporary file beside the target, then a rename; see sink/atomic_file.ts).
 * @module
 */
import { AtomicFile, OutputExistsError } from "../sink/atomic_file.ts";
import { writeBytesAtomically } from "../sink/atomic_text.ts";
import type { CreateOptions, ObjectInfo, ObjectWriter, Store } from "./store.ts";

const _CHUNK = 1 << 20;

/** Paths on this machine, as a store. */
export class LocalStore implements Store {
  describe(key: string): string {
    return key;
  }

  // deno-lint-ignore require-await
  async stat(key: string): Promise<ObjectInfo | null> {
    try {
      const st = Deno.statSync(key);
      if (!st.isFile) return null;
      return { key, size: st.size, modified: st.mtime ?? new Date(0) };
    } catch {
      return null;
    }
  }

  // deno-lint-ignore require-await
  async read(
    key: string,
    offset = 0,
    length?: number,
  ): Promise<{ size: number; chunks: AsyncIterable<Uint8Array> }> {
    const file = Deno.openSync(key, { read: true });
    const size = file.statSync().size;
    if (offset) file.seekSync(offset, Deno.SeekMode.Start);
    let left = Math.min(size, offset + (length ?? size)) - offset;
    const chunks = (async function* () {
      try {
        while (left > 0) {
          const buf = new Uint8Array(Math.min(_CHUNK, left));
          const n = file.readSync(buf);
          if (n === null) return;
          left -= n;
          yield buf.subarray(0, n);
        }
      } finally {
        file.close();
      }
    })();
    return { size, chunks };
  }

  /** The files whose paths start with `prefix`, in the directory the prefix names. */
  // deno-lint-ignore require-await
  async list(prefix: string): Promise<ObjectInfo[]> {
    const slash = prefix.lastIndexOf("/");
    const dir = slash < 0 ? "." : prefix.slice(0, slash) || "/";
    const lead = slash < 0 ? "" : prefix.slice(0, slash + 1);
    const out: ObjectInfo[] = [];
    try {
      for (const e of Deno.readDirSync(dir)) {
        const key = lead + e.name;
        if (!e.isFile || !key.startsWith(prefix)) continue;
        const st = Deno.statSync(`${dir}/${e.name}`);
        out.push({ key, size: st.size, modified: st.mtime ?? new Date(0) });
      }
    } catch { /* no directory: nothing under the prefix */ }
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  // deno-lint-ignore require-await
  async remove(key: string): Promise<void> {
    try {
      Deno.removeSync(key);
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
  }

  create(key: string, options: CreateOptions = {}): Promise<ObjectWriter> {
    return AtomicFile.open(key, options);
  }

  // deno-lint-ignore require-await
  async put(key: string, data: Uint8Array, options: CreateOptions = {}): Promise<void> {
    if (!options.force) {
      try {
        Deno.lstatSync(key);
        throw new OutputExistsError(key);
      } catch (e) {
        if (!(e instanceof Deno.errors.NotFound)) throw e;
      }
    }
    writeBytesAtomically(key, data);
  }
}
