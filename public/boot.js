// Starts the wasm app. Kept out of index.html so the page runs under a CSP without
// 'unsafe-inline' (Forge Custom UI). trunk fills in the data-* file names at build time.
// In Forge, Jira provides `__bridge` and @forge/bridge is loaded first; in Connect, AP is
// already on the page (all.js) and the Forge bundle is never downloaded.
(function () {
  var me = document.currentScript;
  // index.html preloads the wasm (crossorigin); a fetch that does not ask the same way cannot
  // use that preload, so the browser would download the file twice (and warn).
  function wasm() {
    var url = me.dataset.wasm;
    var link = document.querySelector('link[rel=preload][as=fetch]');
    if (!link || link.getAttribute('href') !== url) return url;
    return fetch(url, { mode: 'cors', credentials: 'same-origin' });
  }
  // The bridge, the glue and the wasm download at once: the glue runs nothing until `default`
  // is called, and by then the bridge has set `__ticklistForge`.
  var bridge = window.__bridge ? import(me.dataset.bridge) : Promise.resolve();
  var glue = import(me.dataset.js);
  var module = wasm();
  Promise.all([glue, bridge])
    .then(function (r) { return r[0].default({ module_or_path: module }); })
    .catch(function (e) {
      document.body.setAttribute('data-boot-error', String(e));
      console.error('Ticklist failed to start', e);
    });
})();
