// Writes target/size-report.txt: raw, gzip and brotli bytes of what the browser downloads
// (wasm, JS, CSS, HTML) and fails when the brotli total is over the budget in size-budget.json.
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, extname } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'dist');
const target = process.env.CARGO_TARGET_DIR || join(root, 'target');
const budget = JSON.parse(readFileSync(join(root, 'size-budget.json'), 'utf8')).brotli_total_bytes;

const kinds = { '.wasm': 'wasm', '.js': 'js', '.css': 'css', '.html': 'html' };
const rows = [];
for (const name of readdirSync(dist).sort()) {
  const kind = kinds[extname(name)];
  if (!kind) continue;
  const bytes = readFileSync(join(dist, name));
  rows.push({
    name, kind, raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  });
}
const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
const pad = (s, n) => String(s).padStart(n);
let out = `${'file'.padEnd(44)}${pad('raw', 10)}${pad('gzip', 10)}${pad('brotli', 10)}\n`;
for (const r of rows) out += `${r.name.padEnd(44)}${pad(r.raw, 10)}${pad(r.gzip, 10)}${pad(r.brotli, 10)}\n`;
out += `${'total'.padEnd(44)}${pad(total.raw, 10)}${pad(total.gzip, 10)}${pad(total.brotli, 10)}\n`;
out += `budget (brotli total)${pad(budget, 53)}\n`;
mkdirSync(target, { recursive: true });
writeFileSync(join(target, 'size-report.txt'), out);
process.stdout.write(out);
if (total.brotli > budget) {
  console.error(`size: brotli total ${total.brotli} is over the budget of ${budget} bytes`);
  process.exit(1);
}
