/**
 * Keeps every function in src/ under 100 lines. Strings, template literals, comments and
 * regular expressions are blanked first, so that braces inside them don't count; each line
 * that opens a function body is then matched to its closing brace.
 */
import assert from "node:assert/strict";

const LIMIT = 100;
const SRC = new URL("../src/", import.meta.url).pathname;

/** `src` with the text of strings, templates, comments and regexes replaced by spaces. */
export function blankLiterals(src: string): string {
  let out = "";
  let prev = "";
  const templates: number[] = []; // brace depth inside each open `${`
  const blank = (s: string) => s.replace(/[^\n]/g, " ");
  for (let i = 0; i < src.length;) {
    const c = src[i];
    if (src.startsWith("//", i) || src.startsWith("/*", i)) {
      const end = src.startsWith("//", i) ? src.indexOf("\n", i) : src.indexOf("*/", i) + 2;
      const j = end <= i ? src.length : end;
      out += blank(src.slice(i, j));
      i = j;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < src.length && src[j] !== c) j += src[j] === "\\" ? 2 : 1;
      out += blank(src.slice(i, j + 1));
      i = j + 1;
      prev = "a";
      continue;
    }
    if (c === "`" || (c === "}" && templates.at(-1) === 0)) {
      if (c === "}") templates.pop();
      let j = i + 1;
      while (j < src.length && src[j] !== "`" && !src.startsWith("${", j)) {
        j += src[j] === "\\" ? 2 : 1;
      }
      out += blank(src.slice(i, j));
      if (src[j] === "`") {
        out += " ";
        i = j + 1;
        prev = "a";
      } else {
        out += "  ";
        templates.push(0);
        i = j + 2;
      }
      continue;
    }
    if (c === "/" && "(,=:[!&|?{};+-*%<>~^".includes(prev)) {
      let j = i + 1;
      let inClass = false;
      while (j < src.length && src[j] !== "\n") {
        if (src[j] === "\\") {
          j += 2;
          continue;
        }
        if (src[j] === "[") inClass = true;
        else if (src[j] === "]") inClass = false;
        else if (src[j] === "/" && !inClass) break;
        j++;
      }
      out += blank(src.slice(i, j + 1));
      i = j + 1;
      prev = "a";
      continue;
    }
    if (templates.length && c === "{") templates[templates.length - 1]++;
    if (templates.length && c === "}") templates[templates.length - 1]--;
    out += c;
    if (c.trim()) prev = c;
    i++;
  }
  return out;
}

const OPENS = [
  /\bfunction\b/,
  /=>\s*\{\s*$/,
  /^\s*(async\s+|static\s+|private\s+|get\s+|set\s+|\*)*[#\w]+\s*(<.*>)?\(.*\)\s*(:.*)?\{\s*$/,
  /^\s*\).*\{\s*$/,
];

/** Each function body in `src` that is `limit` lines or longer, as "line: length". */
export function longFunctions(src: string, limit = LIMIT): string[] {
  const text = blankLiterals(src);
  const lines = text.split("\n");
  const found: string[] = [];
  let at = 0;
  for (let i = 0; i < lines.length; at += lines[i].length + 1, i++) {
    const line = lines[i].trimEnd();
    if (!line.endsWith("{") || /^\s*(if|for|while|switch|catch|else|do|try)\b/.test(line)) continue;
    if (!OPENS.some((r) => r.test(line))) continue;
    let start = i;
    if (/^\s*\).*\{\s*$/.test(line)) { // a signature over several lines: find its start
      for (let depth = 0, b = i; b >= 0; b--) {
        depth += (lines[b].match(/\)/g)?.length ?? 0) - (lines[b].match(/\(/g)?.length ?? 0);
        if (depth <= 0) {
          start = b;
          break;
        }
      }
    }
    let depth = 0;
    let j = at + line.length - 1;
    for (; j < text.length; j++) {
      if (text[j] === "{") depth++;
      else if (text[j] === "}" && --depth === 0) break;
    }
    const end = text.slice(0, j).split("\n").length;
    if (end - start >= limit) found.push(`${start + 1}: ${end - start} lines`);
  }
  return found;
}

function* _sources(dir: string): Generator<string> {
  for (const e of Deno.readDirSync(dir)) {
    const p = `${dir}${e.name}`;
    if (e.isDirectory) yield* _sources(`${p}/`);
    else if (p.endsWith(".ts") && !p.endsWith("_test.ts")) yield p;
  }
}

Deno.test("longFunctions finds a long body and skips braces in strings and regexes", () => {
  const body = Array.from({ length: 100 }, () => '  x("{", /}/, `${"}"}`);').join("\n");
  assert.deepEqual(longFunctions(`function f() {\n${body}\n}\n`), ["1: 102 lines"]);
  assert.deepEqual(longFunctions(`function f() {\n${body.split("\n").slice(3).join("\n")}\n}`), []);
});

Deno.test("no function in src/ runs to 100 lines or more", () => {
  const long: string[] = [];
  for (const file of _sources(SRC)) {
    for (const f of longFunctions(Deno.readTextFileSync(file))) {
      long.push(`${file.slice(SRC.length)}:${f}`);
    }
  }
  assert.deepEqual(long, [], "split these into named steps");
});
