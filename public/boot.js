// Starts the wasm app. Kept out of index.html so the page runs under a CSP without
// 'unsafe-inline' (Forge Custom UI). trunk fills in the data-* file names at build time.
// In Forge, Jira provides `__bridge` and @forge/bridge is loaded first; in Connect, AP is
// already on the page (all.js) and the Forge bundle is never downloaded.
(function () {
  var me = document.currentScript;
  // index.html preloads the wasm (crossorigin); a fetch that does not ask the same way cannot
  // use that preload, so the browser would download the file twice (and warn). This script comes
  // after the preload links (scripts/split-wasm.mjs), so the link is in the document.
  function wasm() {
    var url = me.dataset.wasm;
    var link = document.querySelector('link[rel=preload][as=fetch]');
    if (!link || link.getAttribute('href') !== url) return url;
    return fetch(url, { mode: 'cors', credentials: 'same-origin' });
  }
  // The bridge, the glue and the wasm download at once: the glue runs nothing until `default`
  // is called, and by then the bridge has set `__ticklistForge`.
  var bridge = window.__bridge ? import(me.dataset.bridge) : Promise.resolve();
  if (!window.__bridge) connectHeadStart();
  var glue = import(me.dataset.js);
  var module = wasm();
  Promise.all([glue, bridge])
    .then(function (r) { return r[0].default({ module_or_path: module }); })
    .catch(function (e) {
      document.body.setAttribute('data-boot-error', String(e));
      console.error('Ticklist failed to start', e);
    });

  // Connect's head start: the checklist's part 0, asked for with the issue id the descriptor
  // puts in the URL while the wasm loads; src/host/js.rs `early_answer` takes it once.
  function connectHeadStart() {
    var q = new URLSearchParams(location.search);
    var id = q.get('issueId');
    if (!window.AP || typeof AP.request !== 'function' || q.get('view') !== 'panel') return;
    if (!id || !/^[A-Za-z0-9._~-]+$/.test(id)) return;
    var path = '/rest/api/3/issue/' + id + '/properties/ticklist.checklist';
    var answer;
    try { answer = AP.request(path, { type: 'GET' }); } catch (e) { return; }
    if (!answer || typeof answer.then !== 'function') return;
    // A 404 (no checklist yet) must not surface as an unhandled rejection.
    answer.catch(function () {});
    var early = window.__ticklistEarly = { asked: [path], used: [] };
    early.take = function (p) {
      if (p !== path || !answer) return undefined;
      var a = answer;
      answer = null;
      early.used.push(p);
      return a;
    };
  }
})();
