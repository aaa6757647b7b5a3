// Collects criterion's medians into target/bench-report.txt (one figure per line).
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const target = process.env.CARGO_TARGET_DIR || join(root, 'target');
const dir = join(target, 'criterion');
const lines = [];
for (const name of existsSync(dir) ? readdirSync(dir).sort() : []) {
  const f = join(dir, name, 'new', 'estimates.json');
  if (!existsSync(f)) continue;
  const est = JSON.parse(readFileSync(f, 'utf8'));
  const ms = est.median.point_estimate / 1e6;
  lines.push(`${name.replaceAll('_', ' ')}: median ${ms.toFixed(3)} ms`);
}
if (lines.length === 0) {
  console.error('no criterion results found');
  process.exit(1);
}
writeFileSync(join(target, 'bench-report.txt'), lines.join('\n') + '\n');
console.log(lines.join('\n'));
