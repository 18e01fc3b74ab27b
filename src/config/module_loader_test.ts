import assert from "node:assert/strict";
import { loadModule } from "./module_loader.ts";
import { ConfigError } from "./config_error.ts";

const builtins = { defineConfig: (c: unknown) => c, marker: "tarz" };

function project(files: Record<string, string>): string {
  const dir = Deno.makeTempDirSync();
  for (const [name, text] of Object.entries(files)) {
    const path = `${dir}/${name}`;
    Deno.mkdirSync(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    Deno.writeTextFileSync(path, text);
  }
  return dir;
}

function failure(dir: string, file = "tarz.config.ts"): string {
  try {
    loadModule(`${dir}/${file}`, builtins);
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    return e.message;
  }
  throw new Error("expected a ConfigError");
}

Deno.test("loadModule runs TypeScript with tarz and relative imports, without import()", () => {
  const dir = project({
    "tarz.config.ts": `import { defineConfig, marker } from "jsr:@tarz/tarz@^0.1";
import { double } from "./lib/double.ts";
interface Unused { a: number }
const n: number = double(21);
export default defineConfig({ n, marker });
export const named = "yes";`,
    "lib/double.ts": `import { marker } from "tarz";
export const double = (x: number): number => (marker === "tarz" ? x * 2 : 0);`,
  });
  const m = loadModule(`${dir}/tarz.config.ts`, builtins);
  assert.deepEqual(m.default, { n: 42, marker: "tarz" });
  assert.equal(m.named, "yes");
});

Deno.test("loadModule refuses npm:, jsr: (other than tarz) and URL imports, naming the file", () => {
  for (const spec of ["npm:left-pad", "jsr:@std/path", "https://example.com/x.ts"]) {
    const dir = project({ "tarz.config.ts": `import x from "${spec}";\nexport default x;` });
    assert.equal(failure(dir), `${dir}/tarz.config.ts: cannot import "${spec}"`);
  }
});

Deno.test("loadModule reports a syntax error with file:line:col", () => {
  const dir = project({ "tarz.config.ts": `export default {\n  jobs: { a: [1, }\n};` });
  assert.match(failure(dir), new RegExp(`^${dir}/tarz\\.config\\.ts:2:\\d+: syntax error: `));
});

Deno.test("loadModule reports a throw with the file:line:col where it happened", () => {
  const dir = project({
    "tarz.config.ts": `import { f } from "./f.ts";\nexport default f();`,
    "f.ts": `export function f() {\n  throw new Error("no HOME set");\n}`,
  });
  assert.equal(failure(dir), `${dir}/f.ts:2:9: the config threw: no HOME set`);
});
