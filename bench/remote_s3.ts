/**
 * `deno task bench --remote s3`: the corpus as .tar.zst up to S3 and back, tarz beside the
 * pipes people use (`tar --zstd -cf - | s3cmd put -`, `tar | rclone rcat`, and `s3cmd get
 * - | tar -x`), in turns, in one run. The server is the one the AWS_* environment names,
 * else a Ceph RGW started here by tests/services/start-rgw.sh. Never part of the tests.
 * @module
 */
import { medians } from "./measure.ts";
import { S3Client } from "../src/store/s3/s3_client.ts";
import { S3Store } from "../src/store/s3/s3_store.ts";
import { loadS3Config } from "../src/store/s3/s3_config.ts";

/** Where the corpus is, how to run tarz, and where to put things. */
export interface BenchS3Options {
  base: string;
  corpus: string;
  runs: number;
  tarz: string;
  extractTo: string;
  outDir: string;
  root: string;
}

const BUCKET = "tarz-bench";

/** Runs the S3 benchmark and prints its table. */
export async function benchS3(o: BenchS3Options): Promise<void> {
  const server = await _server(o.root);
  try {
    const config = loadS3Config();
    const store = new S3Store(BUCKET, {}, new S3Client(config));
    await (await new S3Client(config).send({ method: "PUT", bucket: BUCKET, accept: [409] })).body
      ?.cancel();
    const env = _clientEnv(o.outDir, config);
    const key = "up.tar.zst";
    const url = `s3://${BUCKET}/${key}`;
    const tar = `tar --zstd -cf - -C ${o.base} ${o.corpus}`;
    console.log(`S3 at ${config.endpoint} (runs: ${o.runs}, median wall time)`);
    const up = await medians([
      `${o.tarz} create ${o.corpus} -C ${o.base} -o ${url} --force --progress none`,
      `${tar} | s3cmd -c .s3cfg -q put - s3://${BUCKET}/${key}`,
      `${tar} | env -u AWS_CA_BUNDLE rclone rcat bench:${BUCKET}/${key}`, // rclone 1.60 fails on it
    ], {
      runs: o.runs,
      cwd: o.outDir,
      env,
      cleanup: `s3cmd -c .s3cfg -q del s3://${BUCKET}/${key} || true`,
      outputSize: async () => (await store.stat(key))?.size ?? 0,
    });
    _row("upload .tar.zst", up, ["tar | s3cmd put", "tar | rclone rcat"]);
    // the object the downloads read: tarz's
    await _run(
      `${o.tarz} create ${o.corpus} -C ${o.base} -o ${url} --force --progress none`,
      o,
      env,
    );
    const x = o.extractTo;
    const down = await medians([
      `mkdir -p ${x} && ${o.tarz} extract ${url} -C ${x} --progress none`,
      `mkdir -p ${x} && s3cmd -c .s3cfg -q get s3://${BUCKET}/${key} - | tar --zstd -xf - -C ${x}`,
    ], { runs: o.runs, cwd: o.outDir, env, cleanup: `rm -rf ${x}`, outputSize: () => 0 });
    _row("download + extract", down, ["s3cmd get | tar -x"]);
    await store.remove(key);
    const one = await _oneFile(o, env, store);
    Deno.writeTextFileSync(
      `${o.root}.bench/results-s3.json`,
      JSON.stringify({ endpoint: config.endpoint, runs: o.runs, up, down, one }, null, 2),
    );
  } finally {
    Deno.removeSync(`${o.outDir}/.s3cfg`, { recursive: true });
    await server?.stop();
  }
}

/**
 * One small file out of a 2 GiB archive that a backup job wrote (seekable, with its
 * manifest): the bytes tarz fetches, against the whole object that `s3cmd get | tar -x`
 * fetches.
 */
async function _oneFile(o: BenchS3Options, env: Record<string, string>, store: S3Store) {
  const dir = `${o.root}.bench/seek-2g`;
  try {
    Deno.statSync(`${dir}/done`);
  } catch {
    Deno.mkdirSync(`${dir}/data`, { recursive: true });
    await _run(
      `for i in 1 2 3 4; do head -c 536870912 /dev/urandom > data/part$i.bin; done; echo hello > data/one.txt; touch done`,
      { outDir: dir },
    );
  }
  Deno.writeTextFileSync(
    `${dir}/tarz.config.ts`,
    `export default { jobs: { seek: { sources: ["data"], output: "s3://${BUCKET}/seek/{job}.tar.zst" } } };`,
  );
  await store.remove("seek/seek.tar.zst");
  await store.remove("seek/seek.tar.zst.manifest.json");
  await _run(`${o.tarz} backup seek --json > /dev/null`, { outDir: dir }, env);
  const size = (await store.stat("seek/seek.tar.zst"))!.size;
  const url = `s3://${BUCKET}/seek/seek.tar.zst`;
  const x = `${o.extractTo}-one`;
  const [ours, theirs] = await medians([
    `${o.tarz} extract ${url} data/one.txt -C ${x} --json --progress none > one.json`,
    `s3cmd -c ${o.outDir}/.s3cfg -q get ${url} - | tar --zstd -xf - -C ${x} data/one.txt`,
  ], { runs: o.runs, cwd: dir, env, cleanup: `rm -rf ${x}; mkdir -p ${x}`, outputSize: () => 0 });
  const fetched = JSON.parse(Deno.readTextFileSync(`${dir}/one.json`)).bytesIn as number;
  console.log(
    `one file of ${(size / 2 ** 30).toFixed(2)} GiB  tarz ${ours.seconds.toFixed(2)}s, fetched ${
      (fetched / 2 ** 20).toFixed(1)
    } MiB (${(fetched / size * 100).toFixed(2)}%); s3cmd get | tar -x ${
      theirs.seconds.toFixed(2)
    }s, fetched 100%`,
  );
  await _run(`rm -rf ${x}`, { outDir: dir });
  return { size, fetched, tarz: ours, pipe: theirs };
}

function _row(name: string, r: { seconds: number; rssMiB: number }[], refs: string[]): void {
  const [ours, ...theirs] = r;
  console.log(
    `${name.padEnd(20)} tarz ${ours.seconds.toFixed(2)}s (${ours.rssMiB.toFixed(0)} MiB)` +
      theirs.map((t, i) =>
        `; ${refs[i]} ${t.seconds.toFixed(2)}s (${t.rssMiB.toFixed(0)} MiB): ${
          (ours.seconds / t.seconds).toFixed(2)
        }×`
      ).join(""),
  );
}

/** The environment for s3cmd (a config file in `dir`) and rclone (a remote named "bench"). */
function _clientEnv(dir: string, c: ReturnType<typeof loadS3Config>): Record<string, string> {
  const host = new URL(c.endpoint).host;
  Deno.writeTextFileSync(
    `${dir}/.s3cfg`,
    `[default]\naccess_key = ${c.accessKeyId}\nsecret_key = ${c.secretAccessKey}\n` +
      `host_base = ${host}\nhost_bucket = ${host}\nuse_https = ${
        c.endpoint.startsWith("https")
      }\n` +
      `bucket_location = ${c.region}\n`,
    { mode: 0o600 },
  );
  return {
    RCLONE_CONFIG: "/dev/null",
    RCLONE_CONFIG_BENCH_TYPE: "s3",
    RCLONE_CONFIG_BENCH_PROVIDER: "Ceph",
    RCLONE_CONFIG_BENCH_ACCESS_KEY_ID: c.accessKeyId,
    RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY: c.secretAccessKey,
    RCLONE_CONFIG_BENCH_ENDPOINT: c.endpoint,
    RCLONE_CONFIG_BENCH_REGION: c.region,
  };
}

/** The AWS_* environment's server, or a Ceph RGW started for the run (stopped after). */
async function _server(root: string): Promise<{ stop(): Promise<void> } | null> {
  if (Deno.env.get("AWS_ENDPOINT_URL") && Deno.env.get("AWS_ACCESS_KEY_ID")) return null;
  const dir = Deno.makeTempDirSync({ prefix: "tarz-bench-rgw-" });
  const port = String(20000 + Math.floor(Math.random() * 20000));
  await _run(`${root}tests/services/start-rgw.sh ${dir}/c ${port} > ${dir}/start.log 2>&1`, {
    outDir: dir,
  }, { STORE_BYTES: String(12 * 2 ** 30) });
  for (const line of Deno.readTextFileSync(`${dir}/c/s3.env`).split("\n")) {
    const [k, v] = line.split("=");
    if (k && v) Deno.env.set(k === "S3_ENDPOINT" ? "AWS_ENDPOINT_URL" : k, v);
  }
  return {
    stop: async () => {
      await _run(`${root}tests/services/stop-rgw.sh ${dir}/c --fast`, { outDir: dir });
      Deno.removeSync(dir, { recursive: true });
    },
  };
}

async function _run(cmd: string, o: { outDir: string }, env?: Record<string, string>) {
  const r = await new Deno.Command("bash", { args: ["-c", cmd], cwd: o.outDir, env }).output();
  if (!r.success) throw new Error(`${cmd} failed: ${new TextDecoder().decode(r.stderr)}`);
}
