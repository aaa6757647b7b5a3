// Starts the wasm app: one classic script, `<stem>-<hash>.start.js`, bundled by scripts/split-wasm.mjs
// from this file, wasm-bindgen's glue (imported as `ticklist:glue`), the loader of the parts
// fetched on first use, and the Forge bridge. Kept out of index.html so the page runs under a
// CSP without 'unsafe-inline' (Forge Custom UI).
//
// Why one classic script and not ES modules: a module, even one the page preloaded, is evaluated
// a few tasks after it is asked for, and the glue and the bridge were two of them, one after the
// other, before the wasm could be instantiated (about 8 ms of a warm start of 55 in the start-up
// bench, see README). A classic script at the end of <head> runs as soon as it is in.
import init from 'ticklist:glue';
import { startForgeBridge } from './forge-bridge-entry.js';

const me = document.currentScript;

// In Forge, Jira provides `__bridge`; in Connect, AP is already on the page (all.js). A bridge
// that cannot start stops the app the way a failed download does (below), not silently.
let bridgeFailed = null;
if (window.__bridge) {
  try {
    startForgeBridge();
  } catch (e) {
    bridgeFailed = e;
  }
} else connectHeadStart();

// The wasm is compiled here, while the page is still being parsed, so the glue has only to
// instantiate it. A host that serves .wasm with another MIME type (streaming compilation refuses
// it) or an error gets the response itself: the glue copes with both. index.html preloads the
// wasm with `crossorigin`; a fetch that does not ask the same way cannot use that preload (the
// browser would download the file twice and warn).
function compiledWasm() {
  const url = me.dataset.wasm;
  const response = fetch(url, { mode: 'cors', credentials: 'same-origin' });
  if (typeof WebAssembly.compileStreaming !== 'function') return response;
  return response.then((res) => {
    const type = (res.headers.get('Content-Type') || '').split(';')[0].trim();
    return res.ok && type === 'application/wasm' ? WebAssembly.compileStreaming(res) : res;
  });
}
// Asked for from a microtask, not from this script's top level: where the browser records who
// started a request (DevTools' network panel, and the start-up bench, which listens the same
// way), V8 has to find source positions for every function on the stack, and at the top level
// that is this whole script, parsed twice more (~2.5 ms, ~10 ms with the CPU 4× slower). From a
// microtask only `compiledWasm` is on the stack; the request starts as this script ends.
const module = Promise.resolve().then(compiledWasm);
// Handled by `init` below, which may only ask once <body> exists: not an unhandled rejection.
module.catch(() => {});
// The app mounts into <body>, which this script (in <head>) runs before. Instantiating as soon
// as the wasm is compiled, with the app waiting for <body> itself, was measured slower with the
// CPU 4x slower (5th row 223 -> 255 ms): the app's work then delayed the parser's last step,
// and the rows waited for <body> longer than the wasm now waits for it.
const body = document.body
  ? Promise.resolve()
  : new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }));
body
  .then(() => {
    if (bridgeFailed) throw bridgeFailed;
    return init({ module_or_path: module });
  })
  .catch((e) => {
    // Said where the panel would be (as text, never markup), not only in the console.
    const note = document.createElement('p');
    note.className = 'tl-note tl-note--error';
    note.setAttribute('role', 'alert');
    note.setAttribute('data-testid', 'boot-error');
    note.textContent = `Ticklist could not start (${e && e.message ? e.message : e}). Reload the page to try again.`;
    document.body.prepend(note);
    document.body.setAttribute('data-boot-error', String(e));
    console.error('Ticklist failed to start', e);
  });

// Connect's head start: the checklist's part 0, asked for with the issue id the descriptor
// puts in the URL while the wasm loads; src/host/js.rs `early_answer` takes it once.
function connectHeadStart() {
  const q = new URLSearchParams(location.search);
  const id = q.get('issueId');
  if (!window.AP || typeof AP.request !== 'function' || q.get('view') !== 'panel') return;
  if (!id || !/^[A-Za-z0-9._~-]+$/.test(id)) return;
  const path = '/rest/api/3/issue/' + id + '/properties/ticklist.checklist';
  let answer;
  try {
    answer = AP.request(path, { type: 'GET' });
  } catch {
    return;
  }
  if (!answer || typeof answer.then !== 'function') return;
  // A 404 (no checklist yet) must not surface as an unhandled rejection.
  answer.catch(() => {});
  const early = (window.__ticklistEarly = { asked: [path], used: [] });
  early.take = (p) => {
    if (p !== path || !answer) return undefined;
    const a = answer;
    answer = null;
    early.used.push(p);
    return a;
  };
}
