// The JavaScript each pane loads at start (entry and preloaded chunks), gzipped: printed, recorded, and held under budget.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { gzipSync } from "node:zlib";

const root = resolve(import.meta.dirname, "../../api/OfficeCoordinator.Api/App_Panes");
const budget = 60 * 1024;
const panes = ["outlook", "excel"];
const report = {};
let over = false;

for (const pane of panes) {
  const page = join(root, pane, "index.html");
  const html = readFileSync(page, "utf8");
  const scripts = [...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g), ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)]
    .map((m) => m[1]).filter((src) => !src.startsWith("http"));
  const files = scripts.map((src) => {
    const path = src.startsWith("/") ? join(root, src) : join(dirname(page), src);
    const bytes = readFileSync(path);
    return { file: src, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
  });
  const gzipBytes = files.reduce((sum, f) => sum + f.gzipBytes, 0);
  report[pane] = { gzipBytes, files };
  console.log(`${pane}: start JavaScript ${(gzipBytes / 1024).toFixed(1)} KB gzipped (${files.length} file(s); budget ${budget / 1024} KB)`);
  over ||= gzipBytes > budget;
}

writeFileSync(join(root, "pane-sizes.json"), JSON.stringify(report, null, 2));
if (over) {
  console.error("A pane's start JavaScript is over budget.");
  process.exit(1);
}
