/**
 * Shell completion scripts for bash, zsh and fish, written out whole from a
 * {@linkcode CommandSpec} list. They answer from their own text (commands, options,
 * choices, archive and path names), so a TAB costs no tarz start; job names come from a
 * cache that `tarz __jobs` fills, started only when the config changed. Sourcing a script
 * twice is harmless. Pure.
 * @module
 */
import type { CommandSpec } from "./completion_spec.ts";

/** The shells there are scripts for. */
export const SHELLS = ["bash", "zsh", "fish"] as const;

/** Renders the script for `shell`. `extensions` are the archive endings (`.tar.zst`). */
export function completionScript(
  shell: (typeof SHELLS)[number],
  specs: CommandSpec[],
  extensions: string[],
): string {
  if (shell === "fish") return _fish(specs, extensions);
  const bash = _bash(specs, extensions);
  if (shell === "bash") return bash;
  // zsh runs the bash function through its own bashcompinit
  return `#compdef tarz\n# zsh completion for tarz (tarz completions zsh)\n` +
    `autoload -U +X bashcompinit && bashcompinit\n${bash}`;
}

/** The shell code that prints the job names of the config in effect, from the cache. */
const JOBS_SH = `__tarz_jobs() {
  [[ -n \${ZSH_VERSION-} ]] && setopt localoptions ksharrays # arrays from 0, as in bash
  local cfg="tarz.config.ts" i
  for ((i = 1; i < \${#COMP_WORDS[@]}; i++)); do
    [[ \${COMP_WORDS[i]} == --config ]] && cfg=\${COMP_WORDS[i + 1]}
  done
  [[ -f $cfg ]] || return 0
  [[ $cfg == /* ]] || cfg="$PWD/$cfg"
  local key=\${cfg//\\%/%25}
  local cache="\${XDG_CACHE_HOME:-$HOME/.cache}/tarz/jobs/\${key//\\//%2F}"
  if [[ ! -f $cache || $cfg -nt $cache ]]; then
    tarz __jobs --config "$cfg" >/dev/null 2>&1 || return 0
  fi
  [[ -f $cache ]] && cat "$cache"
}`;

function _bash(specs: CommandSpec[], extensions: string[]): string {
  const names = specs.flatMap((s) => s.names).join(" ");
  const ends = extensions.flatMap((e) => [`*${e}`, `*${e}.age`]).join("|");
  const valueCases: string[] = [];
  const optionCases: string[] = [];
  const argCases: string[] = [];
  for (const s of specs) {
    const pattern = s.names.join("|");
    optionCases.push(`    ${pattern}) opts="${s.options.flatMap((o) => o.flags).join(" ")}" ;;`);
    for (const o of s.options) {
      if (o.value === "none") continue;
      const flags = o.flags.map((f) => `${s.names[0]}:${f}`).join("|");
      const action = o.value === "choice"
        ? `COMPREPLY=($(compgen -W "${o.choices!.join(" ")}" -- "$cur"))`
        : o.value === "dir"
        ? `compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur"))`
        : o.value === "job"
        ? `COMPREPLY=($(compgen -W "$(__tarz_jobs)" -- "$cur"))`
        : o.value === "file"
        ? `compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur"))`
        : `COMPREPLY=()`;
      valueCases.push(`    ${flags}) ${action}; return ;;`);
    }
    const arg = {
      archive: `compopt -o filenames 2>/dev/null
      COMPREPLY=($(compgen -d -- "$cur"))
      while IFS= read -r f; do
        case $f in ${ends}) COMPREPLY+=("$f") ;; esac
      done < <(compgen -f -- "$cur")`,
      path: `compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur"))`,
      job: `COMPREPLY=($(compgen -W "$(__tarz_jobs)" -- "$cur"))`,
      shell: `COMPREPLY=($(compgen -W "bash zsh fish" -- "$cur"))`,
      none: `COMPREPLY=()`,
    }[s.args];
    argCases.push(`    ${pattern})\n      ${arg} ;;`);
  }
  return `# bash completion for tarz (tarz completions bash): answers without starting tarz
${JOBS_SH}

__tarz_complete() {
  [[ -n \${ZSH_VERSION-} ]] && setopt localoptions ksharrays # arrays from 0, as in bash
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD - 1]} cmd="" i opts="" f
  for ((i = 1; i < COMP_CWORD; i++)); do
    case \${COMP_WORDS[i]} in -*) ;; *) cmd=\${COMP_WORDS[i]}; break ;; esac
  done
  if [[ -z $cmd ]]; then
    COMPREPLY=($(compgen -W "${names} --help --version" -- "$cur"))
    return
  fi
  case "$cmd" in
${specs.map((s) => `    ${s.names.join("|")}) cmd=${s.names[0]} ;;`).join("\n")}
  esac
  case "$cmd:$prev" in
${valueCases.join("\n")}
  esac
  case "$cmd" in
${optionCases.join("\n")}
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$opts --help" -- "$cur"))
    return
  fi
  case "$cmd" in
${argCases.join("\n")}
  esac
}
complete -F __tarz_complete tarz
`;
}

function _fish(specs: CommandSpec[], extensions: string[]): string {
  const names = specs.flatMap((s) => s.names);
  const none = `not __fish_seen_subcommand_from ${names.join(" ")}`;
  const lines = [
    "# fish completion for tarz (tarz completions fish): answers without starting tarz",
    "complete -c tarz -e",
    "function __tarz_jobs",
    "    set -l cfg tarz.config.ts",
    "    set -l words (commandline -opc)",
    "    set -l i (contains -i -- --config $words)",
    "    and set cfg $words[(math $i + 1)]",
    "    test -f $cfg; or return 0",
    "    string match -q '/*' -- $cfg; or set cfg $PWD/$cfg",
    "    set -l base $XDG_CACHE_HOME",
    '    test -n "$base"; or set base $HOME/.cache',
    "    set -l cache $base/tarz/jobs/(string replace -a / %2F (string replace -a % %25 $cfg))",
    "    if not test -f $cache; or test $cfg -nt $cache",
    "        tarz __jobs --config $cfg >/dev/null 2>&1; or return 0",
    "    end",
    "    test -f $cache; and cat $cache",
    "end",
    "function __tarz_archives",
    "    set -l token (commandline -ct)",
    "    __fish_complete_directories $token",
    `    for f in $token*{${extensions.join(",")}}{,.age}`,
    "        test -f $f; and echo $f",
    "    end",
    "end",
    `complete -c tarz -f -n '${none}' -a '${names.join(" ")}'`,
  ];
  for (const s of specs) {
    const when = `__fish_seen_subcommand_from ${s.names.join(" ")}`;
    lines.push(`complete -c tarz -n '${none}' -a ${s.names[0]} -d ${_fishQuote(s.description)}`);
    for (const o of s.options) {
      const short = o.flags.find((f) => /^-[^-]$/.test(f));
      const long = o.flags.find((f) => f.startsWith("--"));
      const spell = `${short ? ` -s ${short.slice(1)}` : ""}${long ? ` -l ${long.slice(2)}` : ""}`;
      const value = o.value === "none"
        ? ""
        : o.value === "choice"
        ? ` -x -a '${o.choices!.join(" ")}'`
        : o.value === "dir"
        ? " -x -a '(__fish_complete_directories)'"
        : o.value === "job"
        ? " -x -a '(__tarz_jobs)'"
        : o.value === "file"
        ? " -r -F"
        : " -x";
      lines.push(`complete -c tarz -n '${when}'${spell}${value}`);
    }
    const arg = {
      archive: "-f -a '(__tarz_archives)'",
      path: "-F",
      job: "-f -a '(__tarz_jobs)'",
      shell: "-f -a 'bash zsh fish'",
      none: "-f",
    }[s.args];
    lines.push(`complete -c tarz -n '${when}' ${arg}`);
  }
  return lines.join("\n") + "\n";
}

function _fishQuote(s: string): string {
  return `'${s.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}
