/**
 * What users get: the compile task and release workflow, JSR readiness, documented
 * exports, and a loading path a compiled binary can take (no dynamic import anywhere:
 * denoland/deno#18327).
 */
import assert from "node:assert/strict";
import { run } from "./_helpers.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const config = JSON.parse(Deno.readTextFileSync(`${ROOT}deno.json`));
const TARGETS = [
  "x86_64-unknown-linux-gnu",
  "aarch64-unknown-linux-gnu",
  "x86_64-apple-darwin",
  "aarch64-apple-darwin",
  "x86_64-pc-windows-msvc",
];

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of Deno.readDirSync(`${ROOT}${dir}`)) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory) out.push(...sources(p));
    else if (p.endsWith(".ts") && !p.endsWith("_test.ts")) out.push(p);
  }
  return out;
}

Deno.test("tarz imports modules only by literal specifiers, which deno compile includes", () => {
  // a compiled binary can load only what was in the module graph at compile time: a dynamic
  // import with a string literal is in the graph (tarz uses them to load heavy modules on
  // first use), one with a computed specifier is not (a config file must never be imported)
  let literal = 0;
  for (const file of [...sources("src"), ...sources("plugins"), "main.ts", "mod.ts"]) {
    const code = Deno.readTextFileSync(`${ROOT}${file}`)
      .replace(/\/\*[\s\S]*?\*\//g, "") // comments may talk about import()
      .replace(/\/\/.*$/gm, "");
    for (const m of code.matchAll(/\bimport\s*\(([^)]*)\)/g)) {
      assert.match(
        m[1].trim(),
        /^"[^"]+",?$/,
        `${file}: import(${m[1]}) is not a literal specifier`,
      );
      literal++;
    }
  }
  assert.ok(literal > 0);
});

Deno.test("deno task compile builds every target with explicit permissions", () => {
  const task: string = config.tasks.compile;
  for (const t of TARGETS) assert.ok(task.includes(`--target ${t} -o dist/tarz-${t}`), t);
  assert.ok(!/\s-A\s|--allow-all/.test(task), "no blanket permissions");
  assert.equal(task.split("--exclude-unused-npm").length - 1, TARGETS.length);
  const workflow = Deno.readTextFileSync(`${ROOT}.github/workflows/release.yml`);
  assert.match(workflow, /deno@2\.9\.6 task compile/);
  assert.match(workflow, /tags: \["v\*"\]/);
});

Deno.test("deno.json is ready for JSR: name, version, exports, publish lists", () => {
  assert.match(config.name, /^@[a-z0-9-]+\/[a-z0-9-]+$/);
  assert.match(config.version, /^\d+\.\d+\.\d+$/);
  assert.equal(config.exports["."], "./mod.ts");
  assert.ok(config.publish.include.includes("mod.ts"));
  assert.ok(config.publish.exclude.includes("**/*_test.ts"));
});

Deno.test("every function, class and constant mod.ts exports has a JSDoc @example", async () => {
  const r = await run([Deno.execPath(), "doc", "--json", `${ROOT}mod.ts`]);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  const symbols = Object.values(doc.nodes as Record<string, { symbols: unknown[] }>)[0].symbols as {
    name: string;
    declarations: { kind: string; jsDoc?: { tags?: { kind: string }[] } }[];
  }[];
  const missing = symbols.filter((s) =>
    s.declarations.some((d) => !["interface", "typeAlias"].includes(d.kind)) &&
    !s.declarations.some((d) => d.jsDoc?.tags?.some((t) => t.kind === "example"))
  ).map((s) => s.name);
  assert.deepEqual(missing, []);
});
