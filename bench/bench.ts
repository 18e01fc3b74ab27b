/**
 * `deno task bench [--small N] [--large-mib M] [--runs R] [--threads N] [--only RE]
 * [--extract-to DIR] [--out-dir DIR] [--remote s3|sftp]`: tarz beside GNU tar on the benchmark
 * corpus (bench/make_corpus.py), in one run; with `--remote s3`, uploads and downloads beside
 * `tar | s3cmd` and `tar | rclone rcat` (bench/remote_s3.ts); with `--remote sftp`, an upload
 * beside `tar | ssh cat` (bench/remote_sftp.ts). Prints a table (median wall time, ratio, peak RSS,
 * output size) and writes .bench/results.json. Never part of the tests.
 */
import { parseArgs } from "node:util";
import { type ChartRow, renderChart } from "./chart.ts";
import { medians } from "./measure.ts";
import { benchS3 } from "./remote_s3.ts";
import { benchSftp } from "./remote_sftp.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    small: { type: "string", default: "20000" },
    "large-mib": { type: "string", default: "256" },
    runs: { type: "string", default: "5" },
    threads: { type: "string" },
    // a regular expression: run only the tasks whose name matches, e.g. "zst|extract .tar$"
    only: { type: "string" },
    // Extraction target. tmpfs by default: on this class of VM the disk's write speed
    // swings tenfold with I/O credits (GNU tar alone went from 1.8 s to 14 s), which would
    // measure the disk rather than the archivers. Pass a disk path to include it.
    "extract-to": { type: "string", default: "/dev/shm/tarz-bench-x" },
    // Where the archives are written (and read back from), tmpfs by default for the same
    // reason: copying the 700 MiB archive onto this VM's disk took dd from 0.3 s to 2.2 s.
    "out-dir": { type: "string", default: "/dev/shm/tarz-bench-o" },
    // "s3": upload and download against S3 (AWS_* in the environment, else a local Ceph RGW)
    remote: { type: "string" },
  },
});
const root = new URL("..", import.meta.url).pathname;
const work = `${root}.bench`;
// one cached corpus per parameter set: .bench/c-<small>-<large>/corpus
const base = `${work}/c-${values.small}-${values["large-mib"]}`;
const corpus = `${base}/corpus`;
const params = `--small ${values.small} --large-mib ${values["large-mib"]}`;
const runs = Number(values.runs);
const tarz = `${Deno.execPath()} run -A ${root}main.ts`;
const threads = values.threads ? ` --threads ${values.threads}` : "";
const x = values["extract-to"]!;
const outDir = values["out-dir"]!;
Deno.mkdirSync(outDir, { recursive: true });

Deno.mkdirSync(work, { recursive: true });
try {
  Deno.statSync(`${base}/done`);
} catch {
  try {
    Deno.removeSync(base, { recursive: true });
  } catch { /* nothing to remove */ }
  console.log(`generating corpus ${params} in ${base} ...`);
  const gen = new URL("./make_corpus.py", import.meta.url).pathname;
  const r = await new Deno.Command("python3", {
    args: [gen, corpus, "--small", values.small!, "--large-mib", values["large-mib"]!],
  }).output();
  if (!r.success) throw new Error(new TextDecoder().decode(r.stderr));
  Deno.writeTextFileSync(`${base}/done`, params);
}

const tasks: [string, string, string, string][] = [
  // [name, tarz command, GNU command, output]
  [
    "create .tar",
    `${tarz} create corpus -C ${base}${threads} -o out.tar --progress none`,
    `tar -cf out.tar -C ${base} corpus`,
    "out.tar",
  ],
  [
    "create .tar.gz",
    `${tarz} create corpus -C ${base}${threads} -o out.tar.gz --progress none`,
    `tar -czf out.tar.gz -C ${base} corpus`,
    "out.tar.gz",
  ],
  [
    "create .tar.gz (pigz)",
    `${tarz} create corpus -C ${base}${threads} -o out.tar.gz --progress none`,
    `tar -I pigz -cf out.tar.gz -C ${base} corpus`,
    "out.tar.gz",
  ],
  [
    "create .tar.zst",
    `${tarz} create corpus -C ${base}${threads} -o out.tar.zst --progress none`,
    `tar --zstd -cf out.tar.zst -C ${base} corpus`,
    "out.tar.zst",
  ],
];
const extract: [string, string, string, string][] = [
  ["extract .tar", "out.tar"],
  ["extract .tar.gz", "out.tar.gz"],
  ["extract .tar.zst", "out.tar.zst"],
].map(([name, a]) => [
  name,
  `mkdir -p ${x} && ${tarz} extract ${a} -C ${x} --progress none`,
  `mkdir -p ${x} && tar -xf ${a} -C ${x}`,
  a,
]);

// a 100,000-member archive for the listing benchmark, written once by Python's tarfile
const many = `${work}/list-100k.tar`;
try {
  Deno.statSync(many);
} catch {
  const script = `import tarfile,io
with tarfile.open("${many}.tmp","w",format=tarfile.GNU_FORMAT) as t:
  for i in range(100000):
    data=(b"x"*(i%64))
    info=tarfile.TarInfo(f"d{i%1000:03d}/file-{i:06d}.txt");info.size=len(data);info.mtime=1700000000
    t.addfile(info,io.BytesIO(data))`;
  const r = await new Deno.Command("python3", { args: ["-c", script] }).output();
  if (!r.success) throw new Error(new TextDecoder().decode(r.stderr));
  Deno.renameSync(`${many}.tmp`, many);
}
const list: [string, string, string, string][] = [
  ["list 100k entries", `${tarz} list ${many} > /dev/null`, `tar -tf ${many} > /dev/null`, ""],
];

function existsSync(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

if (values.remote) {
  if (values.remote === "s3") {
    await benchS3({ base, corpus: "corpus", runs, tarz, extractTo: x, outDir, root });
  } else if (values.remote === "sftp") {
    await benchSftp({ base, corpus: "corpus", runs, tarz, outDir, root });
  } else throw new Error(`--remote ${values.remote}: s3 and sftp are measured`);
  Deno.exit(0);
}

const rows: Record<string, unknown>[] = [];
console.log(`corpus: ${params} (runs: ${runs}, median wall time; extracting into ${x})`);
console.log(
  "task                   tarz      GNU tar   ratio   tarz RSS  GNU RSS   tarz size     GNU size",
);
const only = values.only ? new RegExp(values.only) : undefined;
for (const [name, ours, theirs, out] of [...tasks, ...extract, ...list]) {
  if (only && !only.test(name)) continue;
  const isExtract = !name.startsWith("create");
  if (out && isExtract && !existsSync(`${outDir}/${out}`)) {
    console.log(`${name.padEnd(22)} skipped: no ${out} (run its create task too)`);
    continue;
  }
  const clean = isExtract ? `rm -rf ${x}` : `rm -f ${out}`;
  const size = () => isExtract ? 0 : Deno.statSync(`${outDir}/${out}`).size;
  // the extraction tasks read the archive the last create run wrote: tarz's
  const [g, z] = await medians([theirs, ours], {
    runs,
    cwd: outDir,
    cleanup: clean,
    outputSize: size,
  });
  const gSize = g.size;
  const zSize = z.size;
  const ratio = z.seconds / g.seconds;
  rows.push({ task: name, tarz: z, gnu: g, ratio, tarzSize: zSize, gnuSize: gSize });
  console.log(
    `${name.padEnd(22)} ${z.seconds.toFixed(2).padStart(6)}s  ${
      g.seconds.toFixed(2).padStart(6)
    }s  ${ratio.toFixed(2).padStart(5)}×  ${z.rssMiB.toFixed(0).padStart(5)} MiB ${
      g.rssMiB.toFixed(0).padStart(5)
    } MiB ${String(zSize).padStart(12)} ${String(gSize).padStart(12)}`,
  );
}
await new Deno.Command("bash", { args: ["-c", `rm -rf ${x} out.tar*`], cwd: outDir }).output();
Deno.writeTextFileSync(
  `${work}/results.json`,
  JSON.stringify({ corpus: params, runs, rows }, null, 2),
);
const chart = renderChart(rows as unknown as ChartRow[], `tarz / GNU tar, ${params}`);
Deno.writeTextFileSync(`${work}/results.svg`, chart);
console.log(`results: ${work}/results.json and ${work}/results.svg`);
