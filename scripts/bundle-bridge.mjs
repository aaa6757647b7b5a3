// trunk pre-build hook: bundles @forge/bridge for the app into trunk's staging dir, so the
// repository holds no generated bundle and `trunk build` alone produces a complete dist/.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = process.env.TRUNK_STAGING_DIR || join(root, 'dist');
// Packages the bundled modules `require` whole, cut to what they call (see each file).
const CUT = [
  { pkg: 'tslib', file: join(root, 'js/app/tslib-used.js'), call: /\btslib(?:_\d+)?\.(__\w+)/g },
  { pkg: '@forge/i18n', file: join(root, 'js/app/forge-i18n-used.js'), call: /\bi18n(?:_\d+)?\.(\w+)/g },
];
const result = await build({
  entryPoints: [join(root, 'js/app/forge-bridge-entry.js')],
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2020',
  outfile: join(out, 'forge-bridge.js'),
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
  alias: Object.fromEntries(CUT.map(({ pkg, file }) => [pkg, file])),
  metafile: true,
});

// Everything a bundled module calls of a cut package must be in what its file passes on: a
// missing one would only fail at run time, inside Jira.
for (const { pkg, file, call } of CUT) {
  const offered = new Set([...readFileSync(file, 'utf8').matchAll(/export \{([^}]*)\}/g)]
    .flatMap((m) => m[1].split(',').map((name) => name.trim())));
  for (const input of Object.keys(result.metafile.inputs)) {
    if (input.startsWith('js/app/') || input.includes(`node_modules/${pkg}/`)) continue;
    for (const [, used] of readFileSync(join(root, input), 'utf8').matchAll(call)) {
      if (!offered.has(used)) throw new Error(`${input} calls ${pkg}'s ${used}: add it to ${file}`);
    }
  }
}
