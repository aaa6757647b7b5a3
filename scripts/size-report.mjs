// Writes target/size-report.txt: raw, gzip and brotli bytes of what the browser downloads
// (wasm, JS, CSS, HTML) for each bundle in size-budget.json, and fails when a bundle's brotli
// total is over its budget. The total is what a page loads to start; the parts fetched on first
// use (the modules the loader in *.start.js names, see scripts/split-wasm.mjs) are listed after it,
// and so is the code a start-up never calls (`*.cold.wasm`, scripts/startup-split.mjs), which
// every open fetches once the main module runs: the report adds it to a second total.
import { readFileSync, readdirSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import { join, extname } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const root = new URL('..', import.meta.url).pathname;
const target = process.env.CARGO_TARGET_DIR || join(root, 'target');
const { bundles } = JSON.parse(readFileSync(join(root, 'size-budget.json'), 'utf8'));

const kinds = { '.wasm': 'wasm', '.js': 'js', '.css': 'css', '.html': 'html' };
const pad = (s, n) => String(s).padStart(n);
let out = '';
const over = [];
for (const bundle of bundles) {
  const dir = join(root, bundle.dir);
  const rows = [];
  const parts = [];
  const cold = [];
  const names = readdirSync(dir).sort();
  // The parts' loader is in the start script: the modules it names, but the cold one.
  const onFirstUse = new Set(names.filter((n) => n.endsWith('.start.js'))
    .flatMap((n) => [...readFileSync(join(dir, n), 'utf8').matchAll(/"\.\/([^"/]+\.wasm)"/g)].map((m) => m[1]))
    .filter((n) => !n.endsWith('.cold.wasm')));
  for (const name of names) {
    const kind = kinds[extname(name)];
    if (!kind || !statSync(join(dir, name)).isFile()) continue;
    const bytes = readFileSync(join(dir, name));
    (onFirstUse.has(name) ? parts : name.endsWith('.cold.wasm') ? cold : rows).push({
      name, raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    });
  }
  const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
  out += `${bundle.name} (${bundle.dir}/)\n`;
  out += `${'file'.padEnd(44)}${pad('raw', 10)}${pad('gzip', 10)}${pad('brotli', 10)}\n`;
  for (const r of rows) out += `${r.name.padEnd(44)}${pad(r.raw, 10)}${pad(r.gzip, 10)}${pad(r.brotli, 10)}\n`;
  out += `${'total'.padEnd(44)}${pad(total.raw, 10)}${pad(total.gzip, 10)}${pad(total.brotli, 10)}\n`;
  out += `budget (brotli total)${pad(bundle.brotli_total_bytes, 53)}\n`;
  if (cold.length) {
    out += 'fetched once the app has started, needed after the first paint\n';
    for (const r of cold) out += `${r.name.padEnd(44)}${pad(r.raw, 10)}${pad(r.gzip, 10)}${pad(r.brotli, 10)}\n`;
    const all = cold.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), total);
    out += `${'total with it'.padEnd(44)}${pad(all.raw, 10)}${pad(all.gzip, 10)}${pad(all.brotli, 10)}\n`;
    if (bundle.with_cold_brotli_total_bytes) {
      out += `budget (brotli total with it)${pad(bundle.with_cold_brotli_total_bytes, 45)}\n`;
      if (all.brotli > bundle.with_cold_brotli_total_bytes) over.push(`${bundle.name}: brotli total with the cold code ${all.brotli} is over the budget of ${bundle.with_cold_brotli_total_bytes} bytes`);
    }
  }
  if (parts.length) {
    out += 'fetched on first use (not in the total)\n';
    for (const r of parts) out += `${r.name.padEnd(44)}${pad(r.raw, 10)}${pad(r.gzip, 10)}${pad(r.brotli, 10)}\n`;
  }
  out += '\n';
  if (total.brotli > bundle.brotli_total_bytes) over.push(`${bundle.name}: brotli total ${total.brotli} is over the budget of ${bundle.brotli_total_bytes} bytes`);
}
mkdirSync(target, { recursive: true });
writeFileSync(join(target, 'size-report.txt'), out);
process.stdout.write(out);
if (over.length) {
  for (const o of over) console.error(`size: ${o}`);
  process.exit(1);
}
