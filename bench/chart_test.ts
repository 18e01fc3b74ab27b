import assert from "node:assert/strict";
import { renderChart } from "./chart.ts";

Deno.test("renderChart draws one labelled bar per task, coloured by the ratio", () => {
  const svg = renderChart([{ task: "create .tar", ratio: 0.8 }, { task: "list", ratio: 3 }], "t");
  assert.match(svg, /^<svg /);
  assert.equal([...svg.matchAll(/<rect x=/g)].length, 2);
  assert.match(svg, /0\.80×/);
  assert.match(svg, /fill="#2e7d32"/);
  assert.match(svg, /fill="#c62828"/);
});
