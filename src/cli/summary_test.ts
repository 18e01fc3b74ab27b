import assert from "node:assert/strict";
import { formatCreateSummary, formatExtractSummary } from "./summary.ts";

const base = {
  output: "out.tar.zst",
  format: "zstd" as const,
  level: 3,
  backend: "node:zlib",
  files: 2,
  directories: 1,
  symlinks: 0,
  hardlinks: 0,
  specials: 0,
  bytesIn: 2048,
  bytesOut: 512,
  tarBytes: 3072,
  ratio: 0.25,
  elapsedMs: 1500,
  throughput: 1365,
  warnings: [] as string[],
  dryRun: false,
};

Deno.test("formatCreateSummary states counts, sizes, ratio, time, backend and warnings", () => {
  const text = formatCreateSummary({ ...base, warnings: ["x: vanished"] });
  assert.match(text, /Created out\.tar\.zst: zstd level 3 \(node:zlib\)/);
  assert.match(text, /2 files, 1 directory/);
  assert.match(text, /2\.00 KiB in → 512 B out, ratio 25\.0%/);
  assert.match(text, /1 warning:\n {4}x: vanished/);
});

Deno.test("formatCreateSummary says a dry run wrote nothing", () => {
  assert.match(formatCreateSummary({ ...base, dryRun: true }), /dry run: nothing written/);
});

Deno.test("formatExtractSummary reports refused members and kept files", () => {
  const text = formatExtractSummary({
    seekable: false,
    archive: "a.tar",
    dest: "out",
    format: "tar",
    files: 1,
    directories: 0,
    symlinks: 0,
    hardlinks: 0,
    refused: 2,
    refusedLinks: 0,
    kept: 1,
    bytesOut: 10,
    bytesIn: 2048,
    elapsedMs: 10,
    warnings: [],
    notFound: [],
  });
  assert.match(text, /2 members refused/);
  assert.match(text, /1 existing file kept/);
});

Deno.test("formatCreateSummary computes the ratio from the sizes it prints", () => {
  // 9 bytes of data make a 10 KiB tar stream: the archive is larger than the data
  const text = formatCreateSummary({
    ...base,
    bytesIn: 9,
    bytesOut: 393,
    tarBytes: 10240,
  });
  assert.match(text, /9 B in → 393 B out, ratio 4366\.7%/);
  assert.doesNotMatch(
    formatCreateSummary({ ...base, bytesIn: 0, bytesOut: 120 }),
    /ratio/,
  );
});

Deno.test("summaries say 1 file and 1 directory, not 1 files", () => {
  const text = formatExtractSummary({
    seekable: false,
    archive: "a.tar",
    dest: "out",
    format: "tar",
    files: 1,
    directories: 1,
    symlinks: 1,
    hardlinks: 0,
    refused: 1,
    refusedLinks: 0,
    kept: 1,
    bytesOut: 1,
    bytesIn: 512,
    elapsedMs: 1,
    warnings: [],
    notFound: [],
  });
  assert.match(text, /1 file, 1 directory, 1 symlink, 0 hardlinks/);
  assert.match(text, /1 member refused/);
  assert.match(text, /1 existing file kept/);
});
