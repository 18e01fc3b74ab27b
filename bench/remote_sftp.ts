/**
 * `deno task bench --remote sftp`: the corpus as .tar.zst uploaded over SFTP, tarz beside
 * `tar --zstd -cf - … | ssh host 'cat > f'`, in turns, in one run, to an sshd on this
 * machine that tests/services/start-sshd.sh starts (the files land in tmpfs). Never part of
 * the tests.
 * @module
 */
import { medians } from "./measure.ts";

/** Where the corpus is, how to run tarz, and where to put things. */
export interface BenchSftpOptions {
  base: string;
  corpus: string;
  runs: number;
  tarz: string;
  outDir: string;
  root: string;
}

/** Runs the SFTP benchmark and prints its row. */
export async function benchSftp(o: BenchSftpOptions): Promise<void> {
  const dir = Deno.makeTempDirSync({ prefix: "tarz-bench-sshd-" });
  const port = String(20000 + Math.floor(Math.random() * 20000));
  await _run(`${o.root}tests/services/start-sshd.sh ${dir}/s ${port}`, dir);
  const target = `${o.outDir}/sftp`;
  Deno.mkdirSync(target, { recursive: true });
  try {
    const ssh = `ssh -F ${dir}/s/ssh_config`;
    const env = { TARZ_RSH: ssh };
    const r = await medians([
      `${o.tarz} create ${o.corpus} -C ${o.base} -o sftp://sftp-test${target}/up.tar.zst --force --progress none`,
      `tar --zstd -cf - -C ${o.base} ${o.corpus} | ${ssh} sftp-test 'cat > ${target}/up.tar.zst'`,
    ], {
      runs: o.runs,
      cwd: o.outDir,
      env,
      cleanup: `rm -f ${target}/up.tar.zst`,
      outputSize: () => Deno.statSync(`${target}/up.tar.zst`).size,
    });
    const [ours, pipe] = r;
    console.log(
      `upload .tar.zst over SFTP  tarz ${ours.seconds.toFixed(2)}s (${
        ours.rssMiB.toFixed(0)
      } MiB); ` +
        `tar | ssh cat ${pipe.seconds.toFixed(2)}s: ${(ours.seconds / pipe.seconds).toFixed(2)}×`,
    );
    Deno.writeTextFileSync(
      `${o.root}.bench/results-sftp.json`,
      JSON.stringify({ runs: o.runs, r }, null, 2),
    );
  } finally {
    await _run(`${o.root}tests/services/stop-sshd.sh ${dir}/s`, dir);
    Deno.removeSync(dir, { recursive: true });
    Deno.removeSync(target, { recursive: true });
  }
}

async function _run(cmd: string, cwd: string): Promise<void> {
  const r = await new Deno.Command("bash", { args: ["-c", cmd], cwd }).output();
  if (!r.success) throw new Error(`${cmd} failed: ${new TextDecoder().decode(r.stderr)}`);
}
