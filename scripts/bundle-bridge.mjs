// trunk pre-build hook: bundles @forge/bridge for the app into trunk's staging dir, so the
// repository holds no generated bundle and `trunk build` alone produces a complete dist/.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = process.env.TRUNK_STAGING_DIR || join(root, 'dist');
const tslib = join(root, 'js/app/tslib-used.js');
const result = await build({
  entryPoints: [join(root, 'js/app/forge-bridge-entry.js')],
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2020',
  outfile: join(out, 'forge-bridge.js'),
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
  alias: { tslib },
  metafile: true,
});

// Every tslib helper a bundled module calls must be one js/app/tslib-used.js passes on: a
// missing one would only fail at run time, inside Jira.
const offered = new Set([...readFileSync(tslib, 'utf8').matchAll(/\b(__\w+)\b/g)].map((m) => m[1]));
for (const input of Object.keys(result.metafile.inputs)) {
  if (input.includes('tslib')) continue;
  for (const [, helper] of readFileSync(join(root, input), 'utf8').matchAll(/\btslib(?:_\d+)?\.(__\w+)/g)) {
    if (!offered.has(helper)) throw new Error(`${input} calls tslib's ${helper}: add it to js/app/tslib-used.js`);
  }
}
