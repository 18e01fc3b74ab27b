/**
 * The SFTP server the end-to-end tests use: OpenSSH's sshd on 127.0.0.1, started for the
 * test module by tests/services/start-sshd.sh (generated host and client keys) and stopped
 * by its pid when the module ends. tarz reaches it as `sftp://sftp-test/…` through
 * `TARZ_RSH="ssh -F DIR/ssh_config"`. Without sshd the tests are skipped, unless
 * TARZ_REQUIRE_SFTP=1 (CI), which makes them fail instead.
 * @module
 */
import { tempDir } from "./_helpers.ts";

const SERVICES = new URL("./services/", import.meta.url).pathname;

/** The running server: its directory (keys, config) and tarz's environment for it. */
export interface SftpServer {
  dir: string;
  env: Record<string, string>;
}

function _start(): SftpServer | null {
  const has = (() => {
    try {
      return Deno.statSync("/usr/sbin/sshd").isFile;
    } catch {
      return false;
    }
  })();
  if (!has) {
    if (Deno.env.get("TARZ_REQUIRE_SFTP") === "1") {
      throw new Error("TARZ_REQUIRE_SFTP=1 but no sshd");
    }
    return null;
  }
  const dir = tempDir();
  const port = 20000 + Math.floor(Math.random() * 20000);
  const r = new Deno.Command(`${SERVICES}start-sshd.sh`, { args: [`${dir}/sshd`, String(port)] })
    .outputSync();
  if (!r.success) throw new Error(`start-sshd.sh failed: ${new TextDecoder().decode(r.stderr)}`);
  globalThis.addEventListener("unload", () => {
    new Deno.Command(`${SERVICES}stop-sshd.sh`, { args: [`${dir}/sshd`] }).outputSync();
  });
  return { dir: `${dir}/sshd`, env: { TARZ_RSH: `ssh -F ${dir}/sshd/ssh_config` } };
}

/** The server for this test module, or null. */
export const sftp: SftpServer | null = _start();
