/**
 * Shared test helpers: a rich source tree, running the real CLI, and tree snapshots.
 * @module
 */
import { createHash } from "node:crypto";

const MAIN = new URL("../main.ts", import.meta.url).pathname;

/** The result of running a command. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the tarz CLI as a subprocess. */
export async function tarz(
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; stdin?: Uint8Array } = {},
): Promise<Run> {
  return await run([Deno.execPath(), "run", "-A", MAIN, ...args], options);
}

/**
 * Starts `tarz create src -o URL` in `dir` with `--use-compress-program PROGRAM`, for a test
 * that holds the run mid-upload (the program stalls) and then stops or kills it.
 */
export function spawnCreate(
  dir: string,
  url: string,
  program: string,
  env: Record<string, string>,
  stderr: "piped" | "null" = "piped",
): Deno.ChildProcess {
  const args = ["run", "-A", MAIN, "create", "src", "-o", url];
  return new Deno.Command(Deno.execPath(), {
    args: [...args, "--use-compress-program", program, "--progress", "none"],
    cwd: dir,
    env: { NO_COLOR: "1", ...env },
    stdin: "null",
    stdout: "null",
    stderr,
  }).spawn();
}

/** Runs any command. */
export async function run(
  argv: string[],
  options: { cwd?: string; env?: Record<string, string>; stdin?: Uint8Array } = {},
): Promise<Run> {
  const child = new Deno.Command(argv[0], {
    args: argv.slice(1),
    cwd: options.cwd,
    env: { NO_COLOR: "1", ...options.env },
    stdin: options.stdin ? "piped" : "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (options.stdin) {
    const w = child.stdin.getWriter();
    await w.write(options.stdin);
    await w.close();
  }
  const out = await child.output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/** `size` random bytes: incompressible content (crypto fills at most 64 KiB per call). */
export function randomBytes(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let o = 0; o < size; o += 65536) crypto.getRandomValues(bytes.subarray(o, o + 65536));
  return bytes;
}

/** True when a program is on PATH. */
export function has(program: string): boolean {
  try {
    return new Deno.Command("sh", { args: ["-c", `command -v ${program}`] }).outputSync().success;
  } catch {
    return false;
  }
}

/**
 * Builds a tree with every kind of entry: long and Unicode names, empty files and
 * directories, a binary file, exec bits, symlinks (one dangling) and a hardlink.
 */
export function makeTree(root: string): void {
  Deno.mkdirSync(`${root}/empty-dir`, { recursive: true });
  Deno.mkdirSync(`${root}/sub/deeper`, { recursive: true });
  Deno.writeTextFileSync(`${root}/hello.txt`, "hello\n");
  Deno.writeTextFileSync(`${root}/empty.txt`, "");
  Deno.writeTextFileSync(`${root}/run.sh`, "#!/bin/sh\necho hi\n");
  Deno.chmodSync(`${root}/run.sh`, 0o755);
  Deno.writeTextFileSync(`${root}/private.txt`, "secret");
  Deno.chmodSync(`${root}/private.txt`, 0o600);
  const bin = new Uint8Array(300_001);
  for (let i = 0; i < bin.length; i++) bin[i] = (i * 7919) & 0xff;
  Deno.writeFileSync(`${root}/sub/binary.bin`, bin);
  Deno.writeTextFileSync(`${root}/sub/deeper/café ünï 日本語.txt`, "unicode\n");
  const longDir = "d".repeat(120);
  Deno.mkdirSync(`${root}/${longDir}`);
  Deno.writeTextFileSync(`${root}/${longDir}/${"f".repeat(200)}.txt`, "long\n");
  Deno.writeTextFileSync(`${root}/sub/${"n".repeat(99)}`, "ninety-nine\n");
  Deno.symlinkSync("hello.txt", `${root}/link-to-hello`);
  Deno.symlinkSync("does-not-exist", `${root}/dangling`);
  Deno.symlinkSync(`${"../".repeat(1)}${"t".repeat(150)}`, `${root}/sub/long-link`);
  Deno.linkSync(`${root}/hello.txt`, `${root}/sub/hardlink.txt`);
  const t = new Date(1_600_000_000_000);
  for (const p of ["hello.txt", "run.sh", "private.txt", "empty.txt", "sub/binary.bin"]) {
    Deno.utimeSync(`${root}/${p}`, t, t);
  }
}

/** One line per path: type, size, mode, mtime (files), link target, sha256. */
export function snapshot(root: string): string[] {
  const out: string[] = [];
  const visit = (rel: string) => {
    const path = rel ? `${root}/${rel}` : root;
    const st = Deno.lstatSync(path);
    if (rel) {
      if (st.isSymlink) out.push(`${rel} link -> ${Deno.readLinkSync(path)}`);
      else if (st.isDirectory) out.push(`${rel} dir ${(st.mode! & 0o7777).toString(8)}`);
      else {
        const sha = createHash("sha256").update(Deno.readFileSync(path)).digest("hex").slice(0, 16);
        out.push(
          `${rel} file ${st.size} ${(st.mode! & 0o7777).toString(8)} ${
            Math.floor(st.mtime!.getTime() / 1000)
          } ${sha}`,
        );
      }
    }
    if (st.isDirectory) {
      const names = [...Deno.readDirSync(path)].map((e) => e.name).sort();
      for (const n of names) visit(rel ? `${rel}/${n}` : n);
    }
  };
  visit("");
  return out;
}

const _made: string[] = [];

/**
 * A fresh temporary directory, removed when the test module ends: the end-to-end tests
 * write hundreds of MiB each, which would fill a developer's disk over a day of runs.
 */
export function tempDir(): string {
  const dir = Deno.makeTempDirSync({ prefix: "tarz-test-" });
  if (_made.length === 0) globalThis.addEventListener("unload", _removeMade);
  _made.push(dir);
  return dir;
}

function _removeMade(): void {
  for (const dir of _made.splice(0)) {
    try {
      Deno.removeSync(dir, { recursive: true });
    } catch { /* gone already, or still in use by a process that outlived its test */ }
  }
}

/**
 * Waits until `path` exists, the sign a subprocess gives that it got somewhere: watched with
 * Deno.watchFs on its directory, checked once more after each event.
 */
export async function fileAppears(path: string, ms = 60_000): Promise<void> {
  const dir = path.slice(0, path.lastIndexOf("/")) || ".";
  const exists = () => {
    try {
      Deno.lstatSync(path);
      return true;
    } catch {
      return false;
    }
  };
  if (exists()) return;
  const watcher = Deno.watchFs(dir, { recursive: false });
  const timer = setTimeout(() => watcher.close(), ms);
  try {
    for await (const _ of watcher) if (exists()) return;
  } finally {
    clearTimeout(timer);
    try {
      watcher.close();
    } catch { /* closed by the timer */ }
  }
  if (!exists()) throw new Error(`${path} did not appear within ${ms} ms`);
}

/**
 * Runs `fn` with `vars` set in this process's environment, then puts it back: for library
 * code that reads the environment itself (S3 credentials).
 */
export async function withEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const before = Object.fromEntries(Object.keys(vars).map((k) => [k, Deno.env.get(k)]));
  for (const [k, v] of Object.entries(vars)) Deno.env.set(k, v);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) Deno.env.delete(k);
      else Deno.env.set(k, v);
    }
  }
}
