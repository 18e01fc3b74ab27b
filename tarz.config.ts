// tarz's own config: `deno task tarz create --job repo` archives this repository.
import { defineConfig, gitignore, manifest } from "./mod.ts";

export default defineConfig({
  defaults: { format: "zstd", reproducible: true },
  jobs: {
    repo: {
      sources: ["."],
      output: "dist/tarz-src-{date}.tar.zst",
      exclude: ["/dist/", "/.bench/", "/node_modules/", "*.partial"],
      excludeVcs: true,
      plugins: [gitignore(), manifest()],
    },
  },
});
