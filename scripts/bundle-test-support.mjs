// Bundles js/test/adapters-support.js (fake-ap, @forge/bridge) for the wasm-bindgen browser
// tests, which import it as js/dist/adapters-support.js. scripts/test.sh runs this first.
import { build } from 'esbuild';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
await build({
  entryPoints: [join(root, 'js/test/adapters-support.js')],
  bundle: true,
  format: 'esm',
  target: 'es2020',
  outfile: join(root, 'js/dist/adapters-support.js'),
  alias: { 'atlassian-jwt': join(root, 'js/sim/jwt-stub.js') },
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
