import assert from "node:assert/strict";
import { validateConfig } from "./validate_config.ts";
import { ConfigError } from "./config_error.ts";

const SOURCE = `export default defineConfig({
  jobs: {
    home: {
      sources: ["~"],
      output: "x.tar",
      exclde: ["*.log"],
    },
  },
});`;

function message(raw: unknown, source = SOURCE): string {
  try {
    validateConfig(raw, "tarz.config.ts", source);
  } catch (e) {
    assert.ok(e instanceof ConfigError);
    assert.equal(e.exitCode, 2);
    return e.message;
  }
  throw new Error("expected a ConfigError");
}

Deno.test("validateConfig names a misspelt key with its line and suggests the right one", () => {
  assert.equal(
    message({ jobs: { home: { sources: ["~"], output: "x.tar", exclde: ["*.log"] } } }),
    'tarz.config.ts:6: jobs.home.exclde: unknown key; did you mean "exclude"?',
  );
});

Deno.test("validateConfig says what was expected and what was found", () => {
  assert.equal(
    message({ jobs: { home: { sources: "~", output: "x.tar" } } }),
    'tarz.config.ts:4: jobs.home.sources: expected a list (array), got the string "~"',
  );
  assert.match(
    message({ defaults: { format: "zip" }, jobs: {} }, ""),
    /^tarz\.config\.ts: defaults\.format: expected one of "tar", "gzip", .*got the string "zip"$/,
  );
  assert.equal(
    message({ jobs: { a: { sources: [], output: "o" } } }, ""),
    "tarz.config.ts: jobs.a.sources: needs at least one entry",
  );
  assert.equal(
    message({}, ""),
    "tarz.config.ts: jobs: expected an object, got nothing",
  );
});

Deno.test("validateConfig lists every problem at once", () => {
  const m = message({ jobz: {}, jobs: { a: { output: 1 } } }, "");
  assert.match(m, /^tarz\.config\.ts has 3 problems:/);
  assert.match(m, /jobz: unknown key; did you mean "jobs"\?/);
  assert.match(m, /jobs\.a\.sources: expected a list \(array\), got nothing/);
  assert.match(m, /jobs\.a\.output: expected a string, got number 1/);
});

Deno.test("validateConfig asks for a default export when there is none", () => {
  assert.match(message(undefined), /has no default export/);
});

Deno.test("validateConfig returns a valid config unchanged", () => {
  const ok = { jobs: { a: { sources: ["."], output: "a.tar", plugins: [false, []] } } };
  assert.equal(validateConfig(ok, "f"), ok);
});

Deno.test("validateConfig refuses an output URL whose scheme tarz does not know", () => {
  const raw = { jobs: { home: { sources: ["~"], output: "ftp://host/{job}.tar" } } };
  assert.match(
    message(raw, ""),
    /jobs\.home\.output: a URL tarz cannot use; write a local path, file:\/\/PATH, s3:\/\/BUCKET\/KEY, sftp:\/\/\[USER@\]HOST\[:PORT\]\/PATH or rclone:REMOTE:PATH/,
  );
  validateConfig({ jobs: { home: { sources: ["~"], output: "s3://b-1/{job}.tar" } } }, "c.ts");
});
