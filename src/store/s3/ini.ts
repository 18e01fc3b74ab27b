/**
 * The INI dialect of `~/.aws/credentials` and `~/.aws/config`: `[section]` headers,
 * `key = value` lines, `#` and `;` comments, and indented lines that belong to a nested
 * block (`s3 =` followed by `  addressing_style = path`), kept as `parent.key`. Pure.
 * @module
 */

/** Sections by name, each a map of its keys (lowercased) to values. */
export type Ini = Map<string, Map<string, string>>;

/** Parses INI text. Lines that are not understood are ignored, as the AWS CLI does. */
export function parseIni(text: string): Ini {
  const out: Ini = new Map();
  let section: Map<string, string> | null = null;
  let parent: string | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/^\s*[#;].*$/, "");
    if (!line.trim()) continue;
    const header = /^\s*\[\s*([^\]]+?)\s*\]\s*$/.exec(line);
    if (header) {
      section = out.get(header[1]) ?? new Map();
      out.set(header[1], section);
      parent = null;
      continue;
    }
    const kv = /^(\s*)([^=\s][^=]*?)\s*=\s*(.*?)\s*$/.exec(line);
    if (!kv || !section) continue;
    const key = kv[2].toLowerCase();
    if (kv[1] && parent) section.set(`${parent}.${key}`, kv[3]);
    else if (kv[3] === "") parent = key; // the start of a nested block
    else {
      section.set(key, kv[3]);
      parent = null;
    }
  }
  return out;
}
