/**
 * An SFTP client over the system OpenSSH client (an I/O adapter): `ssh … -s sftp`, so that
 * ssh_config aliases, agents, keys, known_hosts and ProxyJump all work, and SFTP-only
 * accounts too. Requests are pipelined: each has an id, and answers are matched to them
 * as they come. `TARZ_RSH` (or a job's `storage.sftp.command`) replaces `ssh`.
 * @module
 */
import { TarzError } from "../../errors.ts";
import {
  encodeWrite,
  FX,
  FXF,
  FXP,
  PacketReader,
  PacketSplitter,
  PacketWriter,
  type SftpAttrs,
  writePacketSize,
} from "./sftp_packets.ts";

/** Thrown when the server refuses a request or the connection fails. */
export class SftpError extends TarzError {
  /** Always "SftpError". */
  override name = "SftpError";
  /** Creates the error; `code` is the SFTP status code (-1: the connection). */
  constructor(message: string, hint: string | undefined, readonly code: number) {
    super(message, code === FX.NO_SUCH_FILE ? 2 : 1, hint);
  }
}

/** Where to connect. */
export interface SftpTarget {
  host: string;
  user?: string;
  port?: number;
}

type _Answer = [type: number, reader: PacketReader];

/** One SFTP session. */
export class SftpClient {
  readonly #child: Deno.ChildProcess;
  readonly #writer: WritableStreamDefaultWriter<Uint8Array>;
  readonly #waiting = new Map<number, (a: _Answer | Error) => void>();
  #next = 1;
  #closed: Error | null = null;
  #stderr = "";
  /** Whether the server renames over an existing name atomically (OpenSSH's extension). */
  posixRename = false;

  private constructor(child: Deno.ChildProcess, readonly label: string) {
    this.#child = child;
    this.#writer = child.stdin.getWriter();
  }

  /** Starts ssh and the SFTP session. */
  static async connect(target: SftpTarget, command?: string): Promise<SftpClient> {
    const rsh = (Deno.env.get("TARZ_RSH") || command || "ssh").split(/\s+/).filter(Boolean);
    const args = [...rsh.slice(1)];
    if (target.port) args.push("-p", String(target.port));
    if (target.user) args.push("-l", target.user);
    args.push("-s", target.host, "sftp");
    const label = `sftp://${target.user ? `${target.user}@` : ""}${target.host}${
      target.port ? `:${target.port}` : ""
    }`;
    let child: Deno.ChildProcess;
    try {
      child = new Deno.Command(rsh[0], { args, stdin: "piped", stdout: "piped", stderr: "piped" })
        .spawn();
    } catch (e) {
      throw new SftpError(
        `Cannot run ${rsh[0]} for ${label}: ${(e as Error).message}`,
        "install OpenSSH's client, or set TARZ_RSH",
        -1,
      );
    }
    const c = new SftpClient(child, label);
    c.#pump();
    await c.#init();
    return c;
  }

  async #init(): Promise<void> {
    const [type, r] = await this.#send(new PacketWriter(FXP.INIT).u32(3), 0);
    if (type !== FXP.VERSION) throw this.#lost("the server did not answer INIT with VERSION");
    r.u32();
    while (r.more) {
      const name = r.string();
      r.bytes();
      if (name === "posix-rename@openssh.com") this.posixRename = true;
    }
  }

  /** Reads answers and hands each to its request; on EOF, fails what waits. */
  async #pump(): Promise<void> {
    const split = new PacketSplitter();
    const errors = (async () => {
      for await (const c of this.#child.stderr) this.#stderr += new TextDecoder().decode(c);
    })();
    try {
      for await (const chunk of this.#child.stdout) {
        for (const [type, payload] of split.push(chunk)) {
          const r = new PacketReader(payload);
          const id = type === FXP.VERSION ? 0 : r.u32();
          this.#waiting.get(id)?.([type, r]);
          this.#waiting.delete(id);
        }
      }
    } catch { /* the connection broke: below */ }
    await errors.catch(() => {});
    this.#closed = this.#lost("the connection closed");
    for (const done of this.#waiting.values()) done(this.#closed);
    this.#waiting.clear();
  }

  /** The error the lost connection ended with. */
  lostError(): SftpError {
    return this.#closed instanceof SftpError ? this.#closed : this.#lost("the connection closed");
  }

  /** The error for a lost connection, with ssh's own words where it said something. */
  #lost(what: string): SftpError {
    const said = this.#stderr.trim().split("\n").filter(Boolean).at(-1);
    return new SftpError(
      `${this.label}: ${said ?? what}`,
      said
        ? "check the host, the key and known_hosts (try the same ssh command by hand)"
        : undefined,
      -1,
    );
  }

  /** Sends a request (a writer, its type and id first; or a framed packet); its answer. */
  async #send(w: PacketWriter | Uint8Array, id?: number): Promise<_Answer> {
    if (this.#closed) throw this.#closed;
    const answer = new Promise<_Answer>((resolve, reject) => {
      this.#waiting.set(id ?? 0, (a) => (a instanceof Error ? reject(a) : resolve(a)));
    });
    // the connection may close while the pipe is full: the answer fails before it is awaited
    answer.catch(() => {});
    await this.#writer.write(w instanceof PacketWriter ? w.packet() : w).catch(() => {});
    return await answer;
  }

  #request(type: number): { w: PacketWriter; id: number } {
    const id = this.#next++;
    return { w: new PacketWriter(type).u32(id), id };
  }

  /** Sends and expects STATUS OK (or `accept`); other statuses throw. */
  async #status(
    w: PacketWriter | Uint8Array,
    id: number,
    what: string,
    accept: number[] = [],
  ): Promise<number> {
    const [type, r] = await this.#send(w, id);
    if (type !== FXP.STATUS) throw this.#lost(`unexpected answer ${type} to ${what}`);
    const code = r.u32();
    if (code === FX.OK || accept.includes(code)) return code;
    throw _refused(this.label, what, code, r.string());
  }

  /** Opens `path`; the handle. An error names `what` (the path by default). */
  async open(path: string, flags: number, mode?: number, what = path): Promise<Uint8Array> {
    const { w, id } = this.#request(FXP.OPEN);
    w.string(path).u32(flags).attrs(mode);
    return await this.#handle(w, id, what);
  }

  async #handle(w: PacketWriter, id: number, what: string): Promise<Uint8Array> {
    const [type, r] = await this.#send(w, id);
    if (type === FXP.HANDLE) return r.bytes().slice();
    if (type !== FXP.STATUS) throw this.#lost(`unexpected answer ${type} to ${what}`);
    const code = r.u32();
    throw _refused(this.label, what, code, r.string());
  }

  async close(handle: Uint8Array): Promise<void> {
    const { w, id } = this.#request(FXP.CLOSE);
    await this.#status(w.string(handle), id, "close");
  }

  /**
   * Writes `data` at `offset`; resolves once the server has it. The request is framed in
   * `into` when given (see {@linkcode writePacketSize}), which is free again then.
   */
  async write(
    handle: Uint8Array,
    offset: number,
    data: Uint8Array,
    what: string,
    into?: Uint8Array,
  ): Promise<void> {
    const id = this.#next++;
    const packet = encodeWrite(
      into ?? new Uint8Array(writePacketSize(handle, data.length)),
      id,
      handle,
      offset,
      data,
    );
    await this.#status(packet, id, what);
  }

  /** Up to `length` bytes at `offset`; null at the end of the file. */
  async read(
    handle: Uint8Array,
    offset: number,
    length: number,
    what: string,
  ): Promise<Uint8Array | null> {
    const { w, id } = this.#request(FXP.READ);
    const [type, r] = await this.#send(w.string(handle).u64(offset).u32(length), id);
    if (type === FXP.DATA) return r.bytes().slice();
    const code = r.u32();
    if (code === FX.EOF) return null;
    throw _refused(this.label, what, code, r.string());
  }

  /** The attributes of `path`, or null when there is nothing there. */
  async stat(path: string): Promise<SftpAttrs | null> {
    const { w, id } = this.#request(FXP.STAT);
    const [type, r] = await this.#send(w.string(path), id);
    if (type === FXP.ATTRS) return r.attrs();
    const code = r.u32();
    if (code === FX.NO_SUCH_FILE) return null;
    throw _refused(this.label, path, code, r.string());
  }

  /** The entries of directory `path` (names and attributes); none when it does not exist. */
  async list(path: string): Promise<{ name: string; attrs: SftpAttrs }[]> {
    const { w, id } = this.#request(FXP.OPENDIR);
    let handle: Uint8Array;
    try {
      handle = await this.#handle(w.string(path), id, path);
    } catch (e) {
      if (e instanceof SftpError && e.code === FX.NO_SUCH_FILE) return [];
      throw e;
    }
    const out: { name: string; attrs: SftpAttrs }[] = [];
    try {
      while (true) {
        const next = this.#request(FXP.READDIR);
        const [type, r] = await this.#send(next.w.string(handle), next.id);
        if (type !== FXP.NAME) break; // STATUS EOF
        for (let n = r.u32(); n > 0; n--) {
          const name = r.string();
          r.string(); // the long name
          out.push({ name, attrs: r.attrs() });
        }
      }
    } finally {
      await this.close(handle);
    }
    return out;
  }

  async remove(path: string): Promise<boolean> {
    const { w, id } = this.#request(FXP.REMOVE);
    return (await this.#status(w.string(path), id, path, [FX.NO_SUCH_FILE])) === FX.OK;
  }

  /** Renames `from` to `to`, over an existing `to` only with `overwrite` and posix-rename. */
  async rename(from: string, to: string, overwrite: boolean): Promise<void> {
    if (overwrite && this.posixRename) {
      const { w, id } = this.#request(FXP.EXTENDED);
      await this.#status(w.string("posix-rename@openssh.com").string(from).string(to), id, to);
      return;
    }
    const { w, id } = this.#request(FXP.RENAME);
    await this.#status(w.string(from).string(to), id, to);
  }

  /** Ends the session. */
  async end(): Promise<void> {
    await this.#writer.close().catch(() => {});
    await this.#child.status;
  }

  /** Stops ssh at once (a cancelled run). */
  kill(): void {
    try {
      this.#child.kill("SIGTERM");
    } catch { /* gone */ }
  }
}

/** Flags for a new file that must not exist yet. */
export const CREATE_NEW = FXF.WRITE | FXF.CREAT | FXF.EXCL;

function _refused(label: string, what: string, code: number, message: string): SftpError {
  const hints: Record<number, string> = {
    [FX.NO_SUCH_FILE]: "check the path (its directory must exist)",
    [FX.PERMISSION_DENIED]: "check the permissions of the directory on the server",
  };
  return new SftpError(`${label}: ${message || `error ${code}`} (${what})`, hints[code], code);
}
