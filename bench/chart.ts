/**
 * Draws the benchmark results as an SVG bar chart of tarz time / GNU time per task, with
 * the 1.0 line marked. Used by bench.ts; also runnable on a results file:
 * `deno run -A bench/chart.ts .bench/results.json docs/benchmarks.svg`.
 * @module
 */

/** One row of bench results. */
export interface ChartRow {
  task: string;
  ratio: number;
}

/** Renders the chart. Pure. */
export function renderChart(rows: ChartRow[], title: string): string {
  const barH = 22;
  const left = 190;
  const width = 640;
  const top = 40;
  const max = Math.max(2, ...rows.map((r) => Math.ceil(r.ratio)));
  const x = (v: number) => left + (v / max) * (width - left - 60);
  const height = top + rows.length * (barH + 8) + 30;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${left}" y="20" font-size="14" font-weight="bold">${_esc(title)}</text>`,
  ];
  rows.forEach((r, i) => {
    const y = top + i * (barH + 8);
    const color = r.ratio <= 1 ? "#2e7d32" : r.ratio <= 1.5 ? "#f9a825" : "#c62828";
    parts.push(
      `<text x="${left - 8}" y="${y + 15}" text-anchor="end">${_esc(r.task)}</text>`,
      `<rect x="${left}" y="${y}" width="${x(r.ratio) - left}" height="${barH}" fill="${color}"/>`,
      `<text x="${x(r.ratio) + 4}" y="${y + 15}">${r.ratio.toFixed(2)}×</text>`,
    );
  });
  const one = x(1);
  const bottom = top + rows.length * (barH + 8);
  parts.push(
    `<line x1="${one}" y1="${
      top - 6
    }" x2="${one}" y2="${bottom}" stroke="black" stroke-dasharray="4 3"/>`,
    `<text x="${one}" y="${bottom + 16}" text-anchor="middle">1.0 = GNU tar's time</text>`,
    `</svg>`,
  );
  return parts.join("\n") + "\n";
}

function _esc(s: string): string {
  return s.replaceAll("&", "&amp;").replaceAll("<", "&lt;");
}

if (import.meta.main) {
  const [input, output] = Deno.args;
  const data = JSON.parse(Deno.readTextFileSync(input));
  Deno.writeTextFileSync(output, renderChart(data.rows, `tarz / GNU tar, ${data.corpus}`));
}
