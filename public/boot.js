// Starts the wasm app. Kept out of index.html so the page runs under a CSP without
// 'unsafe-inline' (Forge Custom UI). trunk fills in the data-* file names at build time.
// In Forge, Jira provides `__bridge` and @forge/bridge is loaded first; in Connect, AP is
// already on the page (all.js) and the Forge bundle is never downloaded.
(function () {
  var me = document.currentScript;
  var bridge = window.__bridge ? import(me.dataset.bridge) : Promise.resolve();
  bridge
    .then(function () { return import(me.dataset.js); })
    .then(function (m) { return m.default({ module_or_path: me.dataset.wasm }); })
    .catch(function (e) {
      document.body.setAttribute('data-boot-error', String(e));
      console.error('Ticklist failed to start', e);
    });
})();
