// Writes the add-in manifests for one deployment: the origin comes from --origin or OC_ADDIN_ORIGIN,
// never from hand edits (default: the API's https launch profile).
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { origin: { type: "string" }, out: { type: "string" } } });
const origin = (values.origin ?? process.env.OC_ADDIN_ORIGIN ?? "https://localhost:7180").replace(/\/+$/, "");
const url = new URL(origin);
if (url.protocol !== "https:") {
  console.error(`The add-in origin must use https (Office loads add-ins only over https): ${origin}`);
  process.exit(1);
}

const source = resolve(import.meta.dirname, "../../addin-manifest");
const out = resolve(values.out ?? join(source, "dist"));
mkdirSync(out, { recursive: true });
const fill = (text) => text.replaceAll("{{origin}}", origin).replaceAll("{{host}}", url.host);
writeFileSync(join(out, "manifest.json"), fill(readFileSync(join(source, "manifest.template.json"), "utf8")));
for (const host of ["outlook", "excel"]) {
  writeFileSync(join(out, `manifest.${host}.xml`), fill(readFileSync(join(source, `manifest.${host}.template.xml`), "utf8")));
}
cpSync(join(source, "public", "icons"), join(out, "icons"), { recursive: true });
console.log(`Manifests for ${origin} written to ${out}`);
