/**
 * A Worker's code as typed TypeScript functions, shipped as source text: the entry function
 * runs in the Worker with its helpers passed in by name. Every function must be
 * self-contained: it may use globals (Deno, Atomics, self) and its parameters, nothing from
 * its module, since only its own text reaches the Worker. Helpers arrive as properties of an
 * object, whose names a bundler leaves alone.
 * @module
 */

/** What a Worker's entry gets as `self`: the parts of its global scope tarz's workers use. */
export interface WorkerScope {
  // deno-lint-ignore no-explicit-any
  onmessage: ((event: MessageEvent<any>) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
}

// deno-lint-ignore no-explicit-any
type _Fn = (...args: any[]) => unknown;

/**
 * The source text of a Worker that runs `entry(self, helpers, modules)`. `modules` names the
 * modules the Worker imports, by the name the entry gets each one's default export under,
 * e.g. `{ zlib: "node:zlib" }`: static imports at the top of the source, which a compiled
 * binary resolves like any other.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { workerSource } from "./worker_source.ts";
 * const double = (n: number) => n * 2;
 * const src = workerSource((_self: unknown, h: { double: typeof double }) => h.double(2), {
 *   double,
 * });
 * assert.match(src, /^\(/);
 * ```
 */
export function workerSource<H extends Record<string, _Fn>>(
  // deno-lint-ignore no-explicit-any
  entry: (self: WorkerScope, helpers: H, modules: any) => void,
  helpers: H,
  modules: Record<string, string> = {},
): string {
  const names = Object.keys(modules);
  const imports = names.map((n, i) => `import __m${i} from ${JSON.stringify(modules[n])};\n`);
  const props = Object.entries(helpers).map(([name, fn]) => `${JSON.stringify(name)}: ${fn}`);
  const mods = names.map((n, i) => `${JSON.stringify(n)}: __m${i}`);
  return `${imports.join("")}(${entry})(self, {\n${props.join(",\n")}\n}, { ${
    mods.join(", ")
  } });\n`;
}
