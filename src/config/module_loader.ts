/**
 * Loads `tarz.config.ts` and the local files it imports without `import()`.
 *
 * A `deno compile` binary cannot `import()` a module that was not there at compile time
 * (denoland/deno#18327), so tarz never does: it reads each file, strips its TypeScript and
 * turns its imports into `require` calls (sucrase, which keeps line numbers), and runs it
 * as a function. Imports resolve to:
 * - tarz itself, for `tarz`, `@tarz/tarz`, `jsr:@tarz/tarz` (any version) or a path to
 *   tarz's own `mod.ts`/`plugins/*.ts`: the copy of tarz that is running;
 * - relative files (`./plugins/x.ts`), loaded the same way;
 * - nothing else: npm:, jsr: and URL imports are refused with a message, because a binary
 *   could not load them either. The same code path runs under `deno run`.
 * @module
 */
import { transform } from "sucrase";
import { originalPosition } from "./source_map.ts";
import { ConfigError } from "./config_error.ts";

/** Modules the config may import by name: tarz itself. */
export type Builtins = Record<string, unknown>;

interface _Module {
  exports: Record<string, unknown>;
  /** The source map of the transformed code, to report original positions. */
  mappings: string;
}

const TARZ_NAMES = /^(tarz|@tarz\/tarz|jsr:@tarz\/tarz(@[^/]*)?|npm:tarz(@[^/]*)?)(\/.*)?$/;
const ROOT = new URL("../../", import.meta.url);

/** Loads `file` (absolute) and returns its exports. */
export function loadModule(file: string, builtins: Builtins): Record<string, unknown> {
  return _load(file, builtins, new Map()).exports;
}

function _load(file: string, builtins: Builtins, cache: Map<string, _Module>): _Module {
  const cached = cache.get(file);
  if (cached) return cached; // a cycle sees the exports filled so far, as in CommonJS
  let source: string;
  try {
    source = Deno.readTextFileSync(file);
  } catch (e) {
    throw new ConfigError(`Cannot read ${file}: ${(e as Error).message}`);
  }
  let code: string;
  let mappings = "";
  try {
    const out = transform(source, {
      transforms: ["typescript", "imports"],
      filePath: file,
      disableESTransforms: true,
      sourceMapOptions: { compiledFilename: file },
    });
    code = out.code;
    mappings = out.sourceMap?.mappings ?? "";
  } catch (e) {
    const loc = (e as { loc?: { line: number; column: number } }).loc;
    const msg = (e as Error).message.replace(/^Error transforming [^:]*: /, "").replace(
      / \(\d+:\d+\)$/,
      "",
    );
    throw new ConfigError(
      `${file}${loc ? `:${loc.line}:${loc.column + 1}` : ""}: syntax error: ${msg}`,
    );
  }
  const module: _Module = { exports: {}, mappings };
  cache.set(file, module);
  const require = (spec: string) => _resolve(spec, file, builtins, cache);
  let run: (...args: unknown[]) => unknown;
  try {
    run = new Function("require", "exports", "module", `${code}\n//# sourceURL=${file}`) as (
      ...args: unknown[]
    ) => unknown;
  } catch (e) {
    throw new ConfigError(`${file}: syntax error: ${(e as Error).message}`);
  }
  try {
    run(require, module.exports, module);
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError(
      `${_thrownAt(e, cache) ?? file}: the config threw: ${
        e instanceof Error ? e.message : String(e)
      }`,
      "fix the code at that line",
      { cause: e, remedy: "config-code" },
    );
  }
  return module;
}

function _resolve(spec: string, from: string, builtins: Builtins, cache: Map<string, _Module>) {
  const m = TARZ_NAMES.exec(spec);
  if (m) return builtins;
  if (spec.startsWith("./") || spec.startsWith("../") || spec.startsWith("/")) {
    const url = new URL(spec, `file://${from}`);
    // tarz's own sources (the repository's config imports ./mod.ts): the running copy
    if (
      url.href.startsWith(ROOT.href) && /^(mod\.ts|plugins\/[^/]+\.ts)$/.test(
        url.href.slice(ROOT.href.length),
      )
    ) {
      return builtins;
    }
    return _load(decodeURIComponent(url.pathname), builtins, cache).exports;
  }
  throw new ConfigError(
    `${from}: cannot import "${spec}"`,
    'a config may import only tarz itself ("tarz") and relative files such as ' +
      '"./plugins/x.ts"; npm:, jsr: and URL imports cannot be loaded by a tarz binary',
  );
}

/** `file:line:col` of the innermost frame in a file this loader ran, if the stack shows one. */
function _thrownAt(e: unknown, loaded: Map<string, _Module>): string | undefined {
  const stack = e instanceof Error ? e.stack ?? "" : "";
  // frames of code run by new Function read "(<sourceURL>, <anonymous>:line:col)"
  for (const m of stack.matchAll(/(\/[^\s(),]+), <anonymous>:(\d+):(\d+)/g)) {
    const module = loaded.get(m[1]);
    if (!module) continue;
    // new Function puts two lines of its own before the body
    const line = Number(m[2]) - 2;
    const at = originalPosition(module.mappings, line, Number(m[3]));
    return at ? `${m[1]}:${at.line}:${at.column}` : `${m[1]}:${line}:${m[3]}`;
  }
  return undefined;
}
