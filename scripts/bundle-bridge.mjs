// trunk pre-build hook: bundles @forge/bridge for the app into trunk's staging dir, so the
// repository holds no generated bundle and `trunk build` alone produces a complete dist/.
import { build } from 'esbuild';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = process.env.TRUNK_STAGING_DIR || join(root, 'dist');
await build({
  entryPoints: [join(root, 'js/app/forge-bridge-entry.js')],
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2020',
  outfile: join(out, 'forge-bridge.js'),
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
});
