/**
 * tarz.config.ts end to end through the CLI: init, create --job with the built-in plugins,
 * explain, verify --manifest, the plugin guide's example, and config errors (exact
 * messages, exit code 2, never a stack trace).
 */
import assert from "node:assert/strict";
import { run, tarz, tempDir } from "./_helpers.ts";

const ROOT = new URL("..", import.meta.url).pathname;

function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    const path = `${dir}/${name}`;
    Deno.mkdirSync(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    Deno.writeTextFileSync(path, text);
  }
}

Deno.test("tarz init writes a starter that works, and will not overwrite it", async () => {
  const d = tempDir();
  write(d, { "proj/src/a.ts": "a", "proj/debug.log": "x", "proj/node_modules/m/i.js": "m" });
  const init = await tarz(["init"], { cwd: `${d}/proj` });
  assert.equal(init.code, 0, init.stderr);
  const dry = await tarz(["create", "--job", "project", "--dry-run", "-v"], { cwd: `${d}/proj` });
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(
    dry.stdout,
    /^exclude {2}debug\.log {2}\(\*\.log from jobs\.project\.exclude\[1\]\)$/m,
  );
  assert.match(
    dry.stdout,
    /^exclude {2}node_modules {2}\(node_modules\/ from jobs\.project\.exclude\[0\]\)$/m,
  );
  assert.match(dry.stdout, /^include {2}src\/a\.ts$/m);
  const again = await tarz(["init"], { cwd: `${d}/proj` });
  assert.equal(again.code, 2);
  assert.equal(
    again.stderr,
    "tarz: error: tarz.config.ts already exists\nhint: pass --force to replace it\n",
  );
});

Deno.test("tarz init's commented examples work as written once uncommented", async () => {
  const d = tempDir();
  write(d, { "proj/src/a.ts": "a" });
  assert.equal((await tarz(["init"], { cwd: `${d}/proj` })).code, 0);
  const key = await tarz(["keygen", "-o", `${d}/key.txt`]);
  assert.equal(key.code, 0, key.stderr);
  const recipient = key.stdout.match(/age1[0-9a-z]+/)![0];
  const starter = Deno.readTextFileSync(`${d}/proj/tarz.config.ts`);
  const keys = ["retention", "schedule", "timezone", "incremental", "encrypt"];
  for (const k of keys) assert.match(starter, new RegExp(`^ +// ${k}: `, "m"), k);
  const enabled = starter
    .replace(new RegExp(`^( +)// (${keys.join("|")}): `, "gm"), "$1$2: ")
    .replace('"age1..."', JSON.stringify(recipient))
    .replace("{date}T{time}.tar.zst", "{date}T{time}.tar.zst.age");
  Deno.writeTextFileSync(`${d}/proj/tarz.config.ts`, enabled);
  for (const t of ["2026-03-04T03:00:00Z", "2026-03-04T03:00:01Z"]) {
    const r = await tarz(["backup", "--json"], { cwd: `${d}/proj`, env: { TARZ_NOW: t } });
    assert.equal(r.code, 0, r.stderr);
  }
  const archives = [...Deno.readDirSync(d)].map((e) => e.name).filter((n) =>
    n.endsWith(".zst.age")
  );
  assert.deepEqual(archives.sort(), [
    "project-2026-03-04T030000.tar.zst.age",
    "project-2026-03-04T030001.tar.zst.age",
  ]);
  const restore = await tarz(["restore", "project", "-C", `${d}/back`, "-i", `${d}/key.txt`], {
    cwd: `${d}/proj`,
  });
  assert.equal(restore.code, 0, restore.stderr);
  assert.equal(Deno.readTextFileSync(`${d}/back/src/a.ts`), "a");
  const list = await tarz(["schedule", "list"], { cwd: `${d}/proj` });
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, /project/);
});

Deno.test("create --job runs gitignore, manifest, command and notify end to end", async () => {
  const d = tempDir();
  const got: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    got.push(`${new URL(req.url).pathname} ${JSON.parse(await req.text()).event}`);
    return new Response("OK");
  });
  try {
    write(d, {
      "tarz.config.ts": `import { command, defineConfig, gitignore, manifest, notify } from "tarz";
export default defineConfig({
  defaults: { format: "gzip" },
  jobs: {
    site: {
      sources: ["site"],
      output: "backups/{job}.tar.gz",
      plugins: [
        gitignore(),
        manifest(),
        command({ before: "date > site/stamp.txt" }),
        notify({ url: "http://127.0.0.1:${server.addr.port}/hc", on: ["start", "success"] }),
        false,
      ],
    },
  },
});`,
      "site/.gitignore": "*.cache\n",
      "site/index.html": "<h1>hi</h1>",
      "site/page.cache": "stale",
    });
    const r = await tarz(["create", "--job", "site", "--progress", "none"], { cwd: d });
    assert.equal(r.code, 0, r.stderr);
    const list = await tarz(["list", "backups/site.tar.gz"], { cwd: d });
    assert.equal(list.stdout, "site/\nsite/.gitignore\nsite/index.html\nsite/stamp.txt\n");
    assert.deepEqual(got, ["/hc start", "/hc success"]);
    const v = await tarz(["verify", "backups/site.tar.gz", "--manifest"], { cwd: d });
    assert.equal(v.code, 0, v.stderr);
    // a tampered manifest is caught
    const path = `${d}/backups/site.tar.gz.manifest.json`;
    const m = JSON.parse(Deno.readTextFileSync(path));
    m.files["site/index.html"] = "0".repeat(64);
    Deno.writeTextFileSync(path, JSON.stringify(m));
    const bad = await tarz(["verify", "backups/site.tar.gz", "--manifest"], { cwd: d });
    assert.equal(bad.code, 1);
    assert.equal(bad.stdout, "site/index.html: content differs from the manifest\n");
    const ex = await tarz(["explain", "site/page.cache", "site/index.html"], { cwd: d });
    assert.equal(ex.code, 3);
    assert.equal(
      ex.stdout,
      "excluded  site/page.cache by plugin gitignore: *.cache (site/.gitignore:1)  (plugins)\n" +
        "included  site/index.html (no rule matched)\n",
    );
    // a path that is not there is said to be missing, not "included"
    const gone = await tarz(["explain", "site/nope.html"], { cwd: d });
    assert.equal(gone.code, 3);
    assert.equal(
      gone.stdout,
      "missing   site/nope.html: no such file or directory; if it were there, it would be included\n",
    );
  } finally {
    await server.shutdown();
  }
});

Deno.test("the plugin guide's example runs as documented", async () => {
  const guide = Deno.readTextFileSync(`${ROOT}docs/plugins.md`);
  const blocks = [...guide.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  const plugin = blocks.find((b) => b.startsWith("// plugins/redact.ts"))!;
  const config = blocks.find((b) => b.includes('from "./plugins/redact.ts"'))!;
  const d = tempDir();
  write(d, {
    "plugins/redact.ts": plugin,
    "tarz.config.ts": config,
    "app/.env": "USER=me\nPASSWORD=hunter2\nTOKEN_X=abc\n",
    "app/server.key": "-----BEGIN PRIVATE KEY-----",
    "app/main.ts": "console.log(1)",
  });
  const r = await tarz(["create", "--job", "app", "-o", "app.tar.gz", "--progress", "none"], {
    cwd: d,
  });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /redact: masked 2 values in app\.tar\.gz/);
  const x = await run(["tar", "-xzf", "app.tar.gz", "-O", "app/.env"], { cwd: d });
  assert.equal(x.stdout, "USER=me\nPASSWORD=********\nTOKEN_X=********\n");
  const names = await run(["tar", "-tvzf", "app.tar.gz"], { cwd: d });
  assert.doesNotMatch(names.stdout, /server\.key/);
  assert.match(names.stdout, /-rw------- .* app\/\.env/);
});

const configErrors: [string, string, string][] = [
  [
    "a misspelt key",
    `export default { jobs: { a: { sources: ["."], output: "a.tar",\n  exlude: [] } } };`,
    'tarz: error: CFG:2: jobs.a.exlude: unknown key; did you mean "exclude"?\n',
  ],
  [
    "a wrong type",
    `export default { jobs: { a: { sources: ".", output: "a.tar" } } };`,
    'tarz: error: CFG:1: jobs.a.sources: expected a list (array), got the string "."\n',
  ],
  [
    "a syntax error",
    `export default {\n  jobs: { a: { sources: [".", output: "a.tar" } }\n};`,
    'tarz: error: CFG:2:48: syntax error: Unexpected token, expected ","\n',
  ],
  [
    "a throw",
    `const home = undefined as unknown as string;\nexport default { jobs: { a: { sources: [home.trim()], output: "x" } } };`,
    "tarz: error: CFG:2:46: the config threw: Cannot read properties of undefined (reading 'trim')\n",
  ],
  [
    "an unsupported import",
    `import x from "npm:lodash";\nexport default x;`,
    'tarz: error: CFG: cannot import "npm:lodash"\n',
  ],
];
for (const [what, text, want] of configErrors) {
  Deno.test(`a config with ${what} exits 2 with file, line and what is wrong`, async () => {
    const d = tempDir();
    write(d, { "tarz.config.ts": text });
    const r = await tarz(["create", "--job", "a", "--dry-run"], { cwd: d });
    assert.equal(r.code, 2);
    const first = r.stderr.split("\n").slice(0, 1).join("\n") + "\n";
    assert.equal(first, want.replace("CFG", `${d}/tarz.config.ts`));
    assert.doesNotMatch(r.stderr, /^\s+at /m, "no stack trace");
  });
}

Deno.test("create --job names a missing config and a missing job", async () => {
  const d = tempDir();
  const none = await tarz(["create", "--job", "a"], { cwd: d });
  assert.equal(none.code, 2);
  assert.equal(
    none.stderr,
    `tarz: error: No tarz.config.ts in ${d}\nhint: run \`tarz init\` to write one, or pass --config\n`,
  );
  write(d, {
    "tarz.config.ts": `export default { jobs: { docs: { sources: ["."], output: "d.tar" } } };`,
  });
  const wrong = await tarz(["create", "--job", "doc"], { cwd: d });
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, /has no job "doc"\nhint: its jobs: docs\n$/);
});

Deno.test("a config's defaults apply, and command-line flags win over the job", async () => {
  const d = tempDir();
  write(d, {
    "tarz.config.ts": `import { defineConfig } from "tarz";
export default defineConfig({
  defaults: { progress: "json", format: "gzip", level: 1 },
  jobs: { a: { sources: ["src"], output: "out/{job}.tgz", level: 9 } },
});`,
    "src/x.txt": "x".repeat(1000),
  });
  const r = await tarz(["create", "--job", "a", "--json"], { cwd: d });
  assert.equal(r.code, 0, r.stderr);
  const events = r.stderr.trim().split("\n").map((l) => JSON.parse(l));
  assert.equal(events.at(-1).event, "summary", "defaults.progress = json");
  const summary = JSON.parse(r.stdout);
  assert.deepEqual([summary.format, summary.level], ["gzip", 9], "the job's level beats defaults");
  const flags = await tarz(
    ["create", "--job", "a", "-l", "3", "-o", "o.tar.zst", "--progress", "none", "--json"],
    { cwd: d },
  );
  const s2 = JSON.parse(flags.stdout);
  assert.deepEqual([s2.format, s2.level, flags.stderr], ["zstd", 3, ""]);
});
