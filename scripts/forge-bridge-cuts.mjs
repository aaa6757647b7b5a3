// How the start script (scripts/split-wasm.mjs `bundleStart`) bundles @forge/bridge: packages
// its modules `require` whole are cut to what they call (see each file), and the check that
// nothing a bundled module calls was cut away (a missing one would only fail at run time,
// inside Jira).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const CUT = [
  { pkg: 'tslib', file: join(root, 'js/app/tslib-used.js'), call: /\btslib(?:_\d+)?\.(__\w+)/g },
  { pkg: '@forge/i18n', file: join(root, 'js/app/forge-i18n-used.js'), call: /\bi18n(?:_\d+)?\.(\w+)/g },
];

/** esbuild's `alias` option: each cut package to its file. */
export const bridgeAliases = Object.fromEntries(CUT.map(({ pkg, file }) => [pkg, file]));

/** Throws when a bundled module (esbuild's metafile inputs) calls something of a cut package
 * that its file does not pass on. Paths in the metafile are relative to `cwd`. */
export function checkCuts(metafile, cwd = root) {
  for (const { pkg, file, call } of CUT) {
    const offered = new Set([...readFileSync(file, 'utf8').matchAll(/export \{([^}]*)\}/g)]
      .flatMap((m) => m[1].split(',').map((name) => name.trim())));
    for (const input of Object.keys(metafile.inputs)) {
      if (!input.includes('node_modules/') || input.includes(`node_modules/${pkg}/`)) continue;
      for (const [, used] of readFileSync(join(cwd, input), 'utf8').matchAll(call)) {
        if (!offered.has(used)) throw new Error(`${input} calls ${pkg}'s ${used}: add it to ${file}`);
      }
    }
  }
}
