// Starts the wasm app. Kept out of index.html so the page runs under a CSP without
// 'unsafe-inline' (Forge Custom UI). trunk fills in data-js / data-wasm at build time.
(function () {
  var me = document.currentScript;
  import(me.dataset.js)
    .then(function (m) { return m.default({ module_or_path: me.dataset.wasm }); })
    .catch(function (e) {
      document.body.setAttribute('data-boot-error', String(e));
      console.error('Ticklist failed to start', e);
    });
})();
