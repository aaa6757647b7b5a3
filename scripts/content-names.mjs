// Names that change when what they name changes: the files are served immutable (hashed names,
// long max-age), so a browser holding an old copy must never find new bytes under its name.
//
// Trunk names the wasm files after the wasm it built, but scripts/startup-split.mjs rewrites them
// afterwards (the main module loses its cold code, which becomes `<stem>.cold.wasm`) from a
// start-up profile that can change while the Rust code does not: then a returning user could
// pair the old `_bg.wasm` from the cache with a new cold module. `nameByContent` gives the bundle
// a stem hashed from its final wasm files, and the start script (which names them) its hash again.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The 16 hex digits the build's names carry. */
export const contentHash = (...contents) => {
  const h = createHash('sha256');
  for (const c of contents) h.update(c);
  return h.digest('hex').slice(0, 16);
};

/** The bundle's stem as its wasm files' contents (and their names after the stem) give it. */
export function stemFor(dir, stem) {
  const files = readdirSync(dir).filter((f) => f.startsWith(stem) && f.endsWith('.wasm')).sort();
  if (!files.length) throw new Error(`no ${stem}*.wasm in ${dir}`);
  const prefix = stem.slice(0, stem.lastIndexOf('-'));
  return `${prefix}-${contentHash(...files.flatMap((f) => [f.slice(stem.length), readFileSync(join(dir, f))]))}`;
}

/**
 * Renames the bundle in `dir` whose files start with `stem` after its wasm files' contents, the
 * start script after its own, and rewrites the pages and the start script to the new names.
 * Returns the new stem.
 */
export function nameByContent(dir, stem) {
  const next = stemFor(dir, stem);
  if (next === stem) return stem;
  const startFile = readdirSync(dir).find((f) => f.startsWith(`${stem}-`) && f.endsWith('.start.js'));
  if (!startFile) throw new Error(`no ${stem}-<hash>.start.js in ${dir}`);
  // Only the wasm files' names: the stem also names the glue's import module inside the wasm,
  // which stays as it is.
  const wasmName = new RegExp(`${stem.replace(/[.-]/g, '\\$&')}(?=(?:_bg|\\.[\\w-]+)\\.wasm)`, 'g');
  const code = readFileSync(join(dir, startFile), 'utf8').replace(wasmName, next);
  const start = `${next}-${contentHash(code)}.start.js`;
  for (const f of readdirSync(dir).filter((f) => f.startsWith(stem) && f.endsWith('.wasm')))
    renameSync(join(dir, f), join(dir, next + f.slice(stem.length)));
  writeFileSync(join(dir, start), code);
  rmSync(join(dir, startFile));
  for (const page of ['index.html', 'connect.html']) {
    const file = join(dir, page);
    if (!existsSync(file)) continue;
    const html = readFileSync(file, 'utf8');
    if (!html.includes(startFile)) throw new Error(`${file} does not load ${startFile}`);
    writeFileSync(file, html.replaceAll(startFile, start).replace(wasmName, next));
  }
  return next;
}
