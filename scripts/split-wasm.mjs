// trunk post-build hook: cuts the parts of the app most page views never open (src/components/
// lazy.rs) out of the start-up wasm into modules fetched on first use.
//
// trunk 0.21 runs cargo → wasm-bindgen → wasm-opt with no step between cargo and wasm-bindgen,
// where wasm-split must run. So this hook takes the wasm cargo linked (the `split` feature keeps
// its relocations), and redoes the tail: wasm-split → wasm-bindgen (keeping the linker's
// exports, which the modules import) → wasm-opt each module. It then writes over trunk's glue
// and wasm under trunk's own hashed names (the names the two call each other by shortened:
// scripts/short-names.mjs), and beside them, named after them:
//   <stem>.<part>.wasm     one module per part, <stem>.chunk_<n>.wasm for code parts share
// A build without split points (no `split` feature) keeps trunk's output, optimised here too:
// index.html tells trunk not to run wasm-opt, whose work this hook would throw away.
// Last, the glue, the parts' loader and the Forge bridge become one classic script with
// js/app/boot.js, `<stem>-<hash>.start.js`, the only script index.html loads (bundleStart).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { contentHash } from './content-names.mjs';
import { buildSync, transformSync } from 'esbuild';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dataMap, takeNames } from './cold-data.mjs';
import { ALWAYS_KEPT } from './cold-split.mjs';
import { bridgeAliases, checkCuts } from './forge-bridge-cuts.mjs';
import { shortenNames } from './short-names.mjs';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error('split-wasm.mjs runs as a trunk post_build hook (TRUNK_STAGING_DIR)');
const profile = process.env.TRUNK_PROFILE === 'release' ? 'release' : 'debug';
const root = new URL('..', import.meta.url).pathname;

/** What trunk would run for `data-wasm-opt="z"`, with the features rustc's wasm32 target emits
 * (wasm-opt refuses them otherwise). */
const WASM_OPT = ['-Oz', '--enable-bulk-memory', '--enable-nontrapping-float-to-int',
  // The toolchain's names and the feature list: read by no browser (0.2 KB of each module).
  '--strip-producers', '--strip-target-features',
  // TICKLIST_WASM_NAMES=1 keeps function names, so a CPU profile of a release build reads.
  ...(process.env.TICKLIST_WASM_NAMES === '1' ? ['-g'] : [])];

const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] }).toString();

function targetDir() {
  if (process.env.CARGO_TARGET_DIR) return process.env.CARGO_TARGET_DIR;
  return JSON.parse(run('cargo', ['metadata', '--format-version', '1', '--no-deps', '--offline'])).target_directory;
}

const wasmFile = readdirSync(staging).find((f) => f.endsWith('_bg.wasm'));
if (!wasmFile) throw new Error(`no *_bg.wasm in ${staging}`);
const stem = wasmFile.slice(0, -'_bg.wasm'.length);
// trunk's hash is a u64 in hex without leading zeros: 16 digits or fewer.
const bin = stem.replace(/-[0-9a-f]{8,16}$/, '');
const raw = join(targetDir(), 'wasm32-unknown-unknown', profile, `${bin}.wasm`);
if (!existsSync(raw)) throw new Error(`cargo's wasm for ${bin} is not at ${raw}`);

// A split point imports its loader from this placeholder module, which wasm-split replaces.
const hasSplitPoints = readFileSync(raw).includes('__wasm_split_placeholder__');
if (!hasSplitPoints) {
  // trunk was told not to optimise (data-wasm-opt="0"): this hook does it either way.
  run('wasm-opt', [...WASM_OPT, join(staging, wasmFile), '-o', join(staging, wasmFile)]);
  console.log(`split-wasm: ${bin} has no split points; trunk's output optimised as it is`);
} else {
  const work = mkdtempSync(join(tmpdir(), 'ticklist-split-'));
  try {
    run('wasm-split-cli', [raw, work, '--out-name', stem]);
    // split_<part>.wasm per part, chunk_<n>.wasm for code several parts share.
    split(work, readdirSync(work).filter((f) => f.endsWith('.wasm') && f !== `${stem}.wasm`));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// The start script and the CSS are minified; TICKLIST_NO_MINIFY=1 leaves them as written (to
// read them, or to time the difference).
const minify = profile === 'release' && process.env.TICKLIST_NO_MINIFY !== '1';
/** esbuild's minifying options for the start script and the stylesheet. */
const MINIFY = { minify: true, legalComments: 'none', charset: 'utf8' };
bundleStart();
if (minify) minifyCss();

function split(work, parts) {
  if (parts.length === 0) throw new Error(`wasm-split made no modules from ${raw}`);
  // Where wasm-split put each datum: the cold split moves what only cold code reads
  // (scripts/cold-data.mjs), and needs the linker's symbols for it, which only this step has.
  const maps = join(targetDir(), 'cold-data');
  mkdirSync(maps, { recursive: true });
  const older = new RegExp(`^${bin}-[0-9a-f]{8,16}\\.(?:json|kept\\.json)$`);
  for (const f of readdirSync(maps)) if (older.test(f)) rmSync(join(maps, f));
  writeFileSync(join(maps, `${stem}.json`), JSON.stringify(dataMap(readFileSync(raw), readFileSync(join(work, `${stem}.wasm`)),
    parts.map((part) => readFileSync(join(work, part))))));
  const bg = join(work, 'bindgen');
  run('wasm-bindgen', ['--target', 'web', '--keep-lld-exports', '--no-demangle', '--no-typescript',
    '--out-name', stem, '--out-dir', bg, join(work, `${stem}.wasm`)]);
  // The main module keeps its function names through wasm-opt (the code is the same) so that
  // scripts/startup-split.mjs can keep by name what no profile can be sure to see
  // (ALWAYS_KEPT); the names leave the module here, unless TICKLIST_WASM_NAMES=1 asked for them.
  run('wasm-opt', [...WASM_OPT, ...(WASM_OPT.includes('-g') ? [] : ['-g']), join(bg, `${stem}_bg.wasm`), '-o', join(staging, wasmFile)]);
  const named = takeNames(readFileSync(join(staging, wasmFile)));
  writeFileSync(join(maps, `${stem}.kept.json`), JSON.stringify([...named.names].filter(([, n]) => ALWAYS_KEPT.test(n))));
  if (!WASM_OPT.includes('-g')) writeFileSync(join(staging, wasmFile), named.wasm);
  const loader = `${stem}.split.js`;
  let js = readFileSync(join(work, '__wasm_split.js'), 'utf8');
  for (const part of parts) {
    const name = `${stem}.${part.replace(/^split_/, '')}`;
    run('wasm-opt', [...WASM_OPT, join(work, part), '-o', join(staging, name)]);
    js = replaceOnce(js, `"./${part}"`, JSON.stringify(`./${name}`));
  }
  writeFileSync(join(staging, loader), withMimeFallback(js));
  const names = shortenNames(readFileSync(join(staging, wasmFile)), readFileSync(join(bg, `${stem}.js`), 'utf8'), `./${stem}_bg.js`);
  writeFileSync(join(staging, wasmFile), names.wasm);
  const glue = withColdLoader(names.glue);
  // Only the glue's imports (one per part) name the file; the wasm's import object keeps the
  // module name the wasm asks for.
  const from = 'from "./__wasm_split.js"';
  if (!glue.includes(from)) throw new Error(`the glue has no ${from}`);
  writeFileSync(join(staging, `${stem}.js`), glue.replaceAll(from, `from ${JSON.stringify(`./${loader}`)}`));
  console.log(`split-wasm: ${bin}: ${parts.join(', ')} split out`);
}

/** The loader of the code a start-up does not run (scripts/startup-split.mjs cuts it out of
 * the main wasm after the build into `<stem>.cold.wasm`; scripts/cold-split.mjs says how).
 * The main module's trampolines call `tl_cold.load` until the cold module is in. It is fetched
 * after the first frame once the app has started (or 100 ms), compiled off the main thread, and
 * instantiated after the next frame;
 * a trampoline called before that loads it at once, synchronously (a compiled module is
 * instantiated; otherwise the file is read with a synchronous request). The promise
 * `__ticklistCold` resolves once it is in: the app's work after its first paint waits for it.
 * A main module that was not split has no `tl_cold_loaded` export: nothing is fetched, and the
 * promise resolves at once. */
function withColdLoader(glue) {
  // The object __wbg_get_imports() returns holds one entry per import module.
  const imports = glue.indexOf('function __wbg_get_imports()');
  const ret = /\n    return \{\n        __proto__: null,\n/g;
  ret.lastIndex = imports;
  const found = imports < 0 ? null : ret.exec(glue);
  if (!found) throw new Error('the glue has no __wbg_get_imports() { ... return { __proto__: null, ...: check withColdLoader');
  const at = found.index + found[0].length;
  glue = glue.slice(0, at) + '        "tl_cold": { load: __tlColdLoad },\n' + glue.slice(at);
  glue = replaceOnce(glue, '    wasm.__wbindgen_start();', '    __tlColdFetchSoon();\n    wasm.__wbindgen_start();');
  return glue + `
const __tlColdUrl = new URL(${JSON.stringify(`./${stem}.cold.wasm`)}, import.meta.url);
let __tlColdModule, __tlColdIn = false, __tlColdFetching = false, __tlColdResolve;
// What the app does after its first paint waits for this (src/components/after_paint.rs).
globalThis.__ticklistCold = new Promise((resolve) => { __tlColdResolve = resolve; });
function __tlColdInstantiate(module) {
    if (__tlColdIn) return;
    new WebAssembly.Instance(module, { p: wasm });
    __tlColdIn = true;
    wasm.tl_cold_loaded.value = 1;
    __tlColdResolve();
}
function __tlColdLoad() {
    if (__tlColdIn) return;
    // Who needed cut code before it was in: the start-up profile missed that path
    // (scripts/startup-split.mjs). The wasm frames name function indices; e2e tests report it.
    globalThis.__ticklistColdCaller = new Error().stack;
    let module = __tlColdModule;
    if (!module) {
        const xhr = new XMLHttpRequest();
        xhr.open('GET', __tlColdUrl, false);
        xhr.overrideMimeType('text/plain; charset=x-user-defined');
        try { xhr.send(); } catch (e) { /* status stays 0 */ }
        if (xhr.status !== 200) {
            const e = new Error(\`Ticklist could not load part of its code (\${__tlColdUrl.pathname}: \${xhr.status || 'no answer'}). Reload the page; a change made just now may not be saved.\`);
            // The call that needed it cannot go on: say so where the panel is.
            const note = document.querySelector('[data-testid=code-unloaded]') || document.createElement('p');
            note.className = 'tl-note tl-note--error';
            note.setAttribute('role', 'alert');
            note.setAttribute('data-testid', 'code-unloaded');
            note.textContent = e.message;
            document.body.prepend(note);
            throw e;
        }
        const text = xhr.responseText;
        const bytes = new Uint8Array(text.length);
        for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
        module = new WebAssembly.Module(bytes);
    }
    __tlColdInstantiate(module);
}
// The first rows need none of it, and on a 2-core machine its download and compile took ~5 ms
// of CPU from them when it was asked for as the app started (measured with the start-up bench).
// So it is asked for after the first frame once the app has started (while the panel waits for
// Jira, in Jira itself), or after 100 ms if no frame comes (an iframe out of view paints none).
function __tlColdFetchSoon() {
    if (!wasm || !wasm.tl_cold_loaded) return __tlColdFetch();
    let asked = false;
    const ask = () => { if (!asked) { asked = true; __tlColdFetch(); } };
    setTimeout(ask, 100);
    requestAnimationFrame(() => setTimeout(ask, 0));
}
function __tlColdFetch(retry = 1000) {
    if (!wasm) return;
    if (!wasm.tl_cold_loaded) {
        // Not split (yet): nothing to wait for, unless scripts/startup-split.mjs is measuring
        // what the start-up calls before the work after the first paint.
        if (!globalThis.__ticklistHoldCold) __tlColdResolve();
        return;
    }
    if (__tlColdIn || __tlColdFetching) return;
    __tlColdFetching = true;
    const later = (f) => (document.hidden ? setTimeout(f, 0) : requestAnimationFrame(() => setTimeout(f, 0)));
    fetch(__tlColdUrl, { credentials: 'same-origin' })
        .then((res) => {
            if (!res.ok) throw new Error(\`\${res.status} \${res.url}\`);
            const wasmType = (res.headers.get('Content-Type') || '').split(';')[0].trim() === 'application/wasm';
            return wasmType ? WebAssembly.compileStreaming(res) : res.arrayBuffer().then((b) => WebAssembly.compile(b));
        })
        .then((module) => { __tlColdModule = module; later(() => __tlColdInstantiate(module)); })
        // Not fatal: it is asked for again (backing off, and when the browser is back online),
        // and the first call into the cold code loads it at once.
        .catch((e) => {
            __tlColdFetching = false;
            console.warn('Ticklist: part of its code did not load; trying again', e);
            setTimeout(() => __tlColdFetch(Math.min(retry * 2, 30000)), retry);
        });
}
addEventListener('online', () => __tlColdFetch());
`;
}

/** The one script the page loads: js/app/boot.js with the glue, the parts' loader and the Forge
 * bridge bundled in, as a classic script, `<stem>-<hash>.start.js`: named by its own content,
 * since a change to boot.js or the bridge alone would keep trunk's stem.
 * The glue's `import.meta.url` (where the cold module and the parts are) becomes the script's
 * own address. It replaces trunk's placeholder tag (Trunk.toml pattern_script) and trunk's
 * modulepreload of the glue, and goes to the end of <head> with the stylesheet after it: the
 * wasm's preload link must be in the document before it runs (a fetch of the wasm that cannot
 * match the preload downloads it twice), and a script waits for every stylesheet before it,
 * which it does not need (the app paints long after the CSS is in; with the stylesheet first,
 * the wasm was instantiated 3-15 ms later in the bench harness). (`defer` would keep the order
 * too, but lowers the script's fetch priority: measured slower.) */
function bundleStart() {
  const glue = join(staging, `${stem}.js`);
  const result = buildSync({
    entryPoints: [join(root, 'js/app/boot.js')],
    absWorkingDir: root,
    bundle: true,
    format: 'iife',
    target: 'es2020',
    ...MINIFY,
    minify,
    write: false,
    outfile: join(staging, 'start.js'),
    alias: { 'ticklist:glue': glue, ...bridgeAliases },
    define: { 'import.meta.url': '__ticklistScript', 'process.env.NODE_ENV': '"production"' },
    banner: { js: 'var __ticklistScript=document.currentScript.src;' },
    metafile: true,
    // The glue repeats an import key (one per split part, the last wins): esbuild says so.
    logLevel: 'error',
  });
  checkCuts(result.metafile);
  let code = result.outputFiles[0].text;
  // A second minifying pass finds more in the bundled modules (about 0.2 KB brotli).
  if (minify) code = transformSync(code, { loader: 'js', target: 'es2020', ...MINIFY }).code;
  // Nearly all of the script runs as the page opens (the glue's imports, the bridge, the boot):
  // this first line has Chromium compile all its functions as the file streams in, on a
  // background thread, instead of one by one on the main thread when first called. Measured in
  // the start-up bench, builds alternated: 1-10 ms less from the wasm's instantiation to the 5th
  // row with the CPU 4x slower, 2 ms at full speed (README, "Where the figures come from").
  code = `//# allFunctionsCalledOnLoad\n${code}`;
  const start = `${stem}-${contentHash(code)}.start.js`;
  writeFileSync(join(staging, start), code);
  // Everything they held is in the start script now.
  for (const name of [`${stem}.js`, `${stem}.split.js`]) rmSync(join(staging, name), { force: true });

  const page = join(staging, 'index.html');
  const html = readFileSync(page, 'utf8');
  const placeholder = html.match(/<script data-ticklist-start data-wasm="([^"]*)"><\/script>/);
  if (!placeholder) throw new Error('no start-script placeholder in index.html: check Trunk.toml pattern_script');
  const styles = html.match(/<link rel="stylesheet"[^>]*>/g) || [];
  if (styles.length !== 1) throw new Error(`expected one stylesheet link in index.html, found ${styles.length}`);
  const preloads = html.match(/<link rel="modulepreload"[^>]*>/g) || [];
  let out = replaceOnce(replaceOnce(html, placeholder[0], ''), styles[0], '');
  for (const link of preloads) out = replaceOnce(out, link, '');
  const tag = `<script src="./${start}" data-wasm="${placeholder[1]}"></script>`;
  out = replaceOnce(out, '</head>', `${tag}${styles[0]}</head>`);
  writeFileSync(page, out);
}

/** Forge does not say which MIME type it serves .wasm with, and `instantiateStreaming` refuses
 * anything but application/wasm: take the bytes then (the glue does the same for the main
 * module). A failed response rejects, so the part shows its Retry. */
function withMimeFallback(js) {
  const call = 'WebAssembly.instantiateStreaming(src, imports)';
  const count = js.split(call).length - 1;
  if (count === 0) throw new Error(`wasm-split's loader no longer calls ${call}: check withMimeFallback`);
  return js.replaceAll(call, '__ticklistInstantiate(src, imports)') + `
async function __ticklistInstantiate(src, imports) {
    const res = await src;
    if (!res.ok) throw new Error(\`\${res.status} \${res.url}\`);
    if ((res.headers.get('Content-Type') || '').split(';')[0].trim() === 'application/wasm') {
        return WebAssembly.instantiateStreaming(res, imports);
    }
    return WebAssembly.instantiate(await res.arrayBuffer(), imports);
}
`;
}

/** trunk's own minifier is off (it breaks wasm-bindgen's glue and drops <head>), so the
 * stylesheet goes out as written: esbuild minifies it here instead (the start script, the only
 * other text file, is minified as it is bundled). trunk puts a subresource-integrity hash on the
 * stylesheet's link, so that hash is written anew (a stale one makes the browser drop the
 * stylesheet). Measured: issue view -4.1 KB (with the glue, when it was minified here too). */
function minifyCss() {
  for (const name of readdirSync(staging)) {
    if (!name.endsWith('.css')) continue;
    const file = join(staging, name);
    const { code } = transformSync(readFileSync(file, 'utf8'), { loader: 'css', ...MINIFY });
    writeFileSync(file, code);
    rehash(name, code);
  }
}

function rehash(name, code) {
  const page = join(staging, 'index.html');
  const html = readFileSync(page, 'utf8');
  const file = name.replace(/[.]/g, '\\.');
  const link = new RegExp(`(href="\\./${file}" integrity=")sha384-[^"]*"`);
  if (!link.test(html)) {
    if (new RegExp(`${file}"[^>]*integrity=`).test(html)) throw new Error(`cannot update the integrity of ${name}`);
    return; // no integrity on this link: nothing to update
  }
  const sri = `sha384-${createHash('sha384').update(code).digest('base64')}`;
  writeFileSync(page, html.replace(link, `$1${sri}"`));
}

function replaceOnce(text, from, to) {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`expected ${from} exactly once`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}
