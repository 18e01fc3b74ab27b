/**
 * GNU tar's short-option bundles as a tar user types them in the first minute:
 * `tarz czf out.tgz dir`, `tarz -xvf a.tar -C out`, `tarz tf a.tar`. The first argument
 * is read as such a bundle when it holds one operation (`c`, `x` or `t`) and otherwise
 * only letters tarz has a meaning for; it becomes the tarz command. Pure.
 * @module
 */

/** The letters, with what each becomes for create, extract and list. */
const LETTERS: Record<string, { takesArg?: boolean; create?: string[]; read?: string[] }> = {
  v: { create: ["-v"], read: ["-v"] },
  f: { takesArg: true },
  z: { create: ["--format", "gzip"], read: [] },
  j: { create: ["--format", "bzip2"], read: [] },
  J: { create: ["--format", "xz"], read: [] },
  a: { create: [], read: [] }, // --auto-compress: what tarz always does
  C: { takesArg: true },
  T: { takesArg: true },
  X: { takesArg: true },
  h: { create: ["-L"] },
  O: { read: ["-O"] },
  p: { read: ["-p"] },
  k: { read: [] }, // --keep-old-files: tarz's default
};

const OPERATIONS: Record<string, string> = { c: "create", x: "extract", t: "list" };

/** The tarz arguments for a bundle, or undefined when `args[0]` is not one. */
export function translateBundle(args: string[]): string[] | undefined {
  const first = args[0];
  if (!first || first.startsWith("--")) return undefined;
  const dashed = first.startsWith("-");
  const letters = dashed ? first.slice(1) : first;
  // dashed, what follows a letter that takes an argument is that argument ("-xfa.tar")
  const argAt = dashed ? letters.search(/[fCTX]/) : -1;
  const region = argAt >= 0 ? letters.slice(0, argAt + 1) : letters;
  const ops = [...region].filter((c) => c in OPERATIONS);
  if (ops.length !== 1) return undefined;
  const command = OPERATIONS[ops[0]];
  const out: string[] = [];
  const rest = args.slice(1);
  let archive: string | undefined;
  for (let i = 0; i < letters.length; i++) {
    const c = letters[i];
    if (c in OPERATIONS) continue;
    const meaning = LETTERS[c];
    if (!meaning) return undefined; // a letter tarz has no meaning for: not taken as a bundle
    if (!meaning.takesArg) {
      const mapped = command === "create" ? meaning.create : meaning.read;
      if (!mapped || (c === "O" && command !== "extract")) return undefined;
      out.push(...mapped);
      continue;
    }
    // dashed, the rest of the bundle is the argument ("-xfa.tar"); else the next argument
    let value: string | undefined;
    if (dashed && i < letters.length - 1) {
      value = letters.slice(i + 1);
      i = letters.length;
    } else value = rest.shift();
    if (value === undefined) return undefined;
    if (c === "f") archive = value;
    else if (c === "C") out.push("-C", value);
    else if (command !== "create") return undefined; // -T and -X are create's
    else out.push(c === "T" ? "--files-from" : "--exclude-from", value);
  }
  if (command === "create") {
    return ["create", ...rest, ...(archive !== undefined ? ["-o", archive] : []), ...out];
  }
  return [command, ...(archive !== undefined ? [archive] : []), ...rest, ...out];
}
