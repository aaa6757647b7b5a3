// The Forge side of the host bridge: Atlassian's own @forge/bridge, bundled from npm at build
// time into the start script (js/app/boot.js), which calls `startForgeBridge` only when Jira has
// put `__bridge` on the page (Forge Custom UI); src/host/forge.rs calls these functions through
// `globalThis.__ticklistForge`. Its modules are required inside `startForgeBridge`, not imported:
// each asks for Jira's bridge as it is evaluated, which throws on a Connect page.
//
// The package's index pulls in every module it has (iframe-resizer, object store, router,
// rovo, feature flags …: 28 KB brotli), and its CommonJS output cannot be tree-shaken. The
// modules required below are the ones behind the calls we make, by file (the package's
// `exports` map lists only its index), so the bundle is Atlassian's code, unmodified, and
// about a third of the size. A version of @forge/bridge that moves them fails this build.
// tslib, which these modules require whole, is cut to the helpers they call
// (js/app/tslib-used.js): 10.8 → 7.4 KB brotli; @forge/i18n, which getContext requires whole
// for one function, to that function's module (js/app/forge-i18n-used.js): 6.6 → 3.3 KB.

// What @forge/bridge's index does for `requestJira` (set by `startForgeBridge`).
let requestJira;

// The app is handed each answer with its body already read ({status, text, retryAfter}, see
// src/host/forge.rs): reading a Response's body takes a task, and the panel would wait for it,
// often behind a frame. Read here, a head start's body is in before the wasm asks for it.
const answer = (path, init) =>
  requestJira(path, init).then((r) =>
    r.text().then((text) => ({ status: r.status, text, retryAfter: r.headers.get('Retry-After') })));

// Head start. `startForgeBridge` runs while the wasm is still downloading and compiling, so
// the issue panel's first questions are asked here instead of after the app has started: the
// context, then the checklist's first part (what src/state/load.rs `read_document` reads
// first, by the same path as src/host/props.rs `property_path`) and, when this iframe has no
// copy of the settings and the user's edit permission in its local storage (src/state/
// settings_cache.rs), those too (src/state/panel.rs `open` asks for all three at once then).
// Each answer is handed out once, to the first identical call the app makes (src/host/js.rs
// `early_answer`, as for Connect's in js/app/boot.js); a request the app then never makes
// would spend the customer's rate limit for nothing, so only those the panel always makes are
// asked. The e2e tests hold the paths to the app's, byte for byte.
const CHECKLIST_KEY = 'ticklist.checklist';
const SETTINGS_KEY = 'ticklist.settings';
const PERMISSIONS = 'BROWSE_PROJECTS,EDIT_ISSUES,ADMINISTER_PROJECTS,ADMINISTER,CREATE_ISSUES,LINK_ISSUES';
const SETTINGS_PAGES = ['jira:adminPage', 'jira:projectSettingsPage'];
const GET = { method: 'GET', headers: { Accept: 'application/json' } };
// Ids and keys that need no percent-encoding, so a path is the app's byte for byte.
const plain = (s) => typeof s === 'string' && /^[A-Za-z0-9._~-]+$/.test(s);

// The requests the panel makes as it opens, as src/state/panel.rs `open` makes them.
function openingReads(ext) {
  const id = ext.issue && ext.issue.id;
  if (SETTINGS_PAGES.includes(ext.type) || !plain(id)) return [];
  const reads = [`/rest/api/3/issue/${id}/properties/${CHECKLIST_KEY}`];
  const key = ext.issue.key == null ? id : ext.issue.key;
  const type = ext.issue.typeId;
  const project = ext.project && ext.project.id;
  const stored = (k) => {
    try {
      return localStorage.getItem(k) !== null;
    } catch {
      return false;
    }
  };
  const warm = stored(`ticklist.settings.${project || '-'}.${type || '-'}`) && project && stored(`ticklist.canEdit.${project}`);
  // Any id the app would percent-encode: the head start stops at the checklist.
  if (warm || !plain(key) || (type !== undefined && !plain(type)) || (project !== undefined && !plain(project))) return reads;
  reads.push(`/rest/api/3/mypermissions?issueKey=${key}&permissions=${PERMISSIONS}`);
  if (type !== undefined) reads.push(`/rest/api/3/issuetype/${type}/properties/${SETTINGS_KEY}`);
  if (project !== undefined) reads.push(`/rest/api/3/project/${project}/properties/${SETTINGS_KEY}`);
  return reads;
}

/** Connects to Jira's bridge, asks the opening questions, and exposes the calls the app makes. */
export function startForgeBridge() {
  const { getCallBridge } = require('../../node_modules/@forge/bridge/out/bridge.js');
  const { productFetchApi } = require('../../node_modules/@forge/bridge/out/fetch/fetch.js');
  const { getContext } = require('../../node_modules/@forge/bridge/out/view/getContext.js');
  const { theme } = require('../../node_modules/@forge/bridge/out/view/theme.js');
  const { showFlag } = require('../../node_modules/@forge/bridge/out/flag/flag.js');
  const { events } = require('../../node_modules/@forge/bridge/out/events/events.js');
  const { realtime } = require('../../node_modules/@forge/bridge/out/realtime/realtime.js');
  ({ requestJira } = productFetchApi(getCallBridge()));
  const early = new Map();
  let earlyContext = getContext();

  globalThis.__ticklistEarly = {
    asked: [],
    used: [],
    take(path) {
      const pending = early.get(path);
      if (!pending) return undefined;
      early.delete(path);
      this.used.push(path);
      // A head start the bridge failed is asked again, as if there had been none.
      return pending.catch(() => answer(path, GET));
    },
    // Settles once the head start's reads are answered (or none was asked): for tests.
    settled: earlyContext
      .then((ctx) => {
        const reads = openingReads((ctx && ctx.extension) || {});
        for (const path of reads) {
          early.set(path, answer(path, GET));
          globalThis.__ticklistEarly.asked.push(path);
        }
        return Promise.allSettled([...early.values()]);
      })
      .then(() => undefined, () => undefined),
  };

  globalThis.__ticklistForge = {
    requestJira: (path, init) => answer(path, init),
    getContext: () => {
      const ctx = earlyContext || getContext();
      earlyContext = null;
      return ctx;
    },
    enableTheme: () => theme.enable(),
    showFlag: (options) => showFlag(options),
    on: (event, callback) => events.on(event, callback),
    // Forge Realtime on the default channel (this module, this issue). A host without Realtime
    // rejects: the panel then learns of others' changes as on Connect (events, focus, interval).
    publish: (channel, payload) => Promise.resolve(realtime.publish(channel, payload)).catch(() => undefined),
    subscribe: (channel, callback) => Promise.resolve(realtime.subscribe(channel, callback)).catch(() => undefined),
  };
}
