// The Forge side of the host bridge: Atlassian's own @forge/bridge, bundled from npm at build
// time. boot.js imports this file only when Jira has put `__bridge` on the page (Forge Custom
// UI); src/host/forge.rs calls these functions through `globalThis.__ticklistForge`.
//
// The package's index pulls in every module it has (iframe-resizer, object store, router,
// rovo, feature flags …: 28 KB brotli), and its CommonJS output cannot be tree-shaken. The
// modules below are the ones behind the calls we make, imported by file (the package's
// `exports` map lists only its index), so the bundle is Atlassian's code, unmodified, and
// about a third of the size. A version of @forge/bridge that moves them fails this build.
// tslib, which these modules require whole, is cut to the helpers they call
// (js/app/tslib-used.js): 10.8 → 7.4 KB brotli; @forge/i18n, which getContext requires whole
// for one function, to that function's module (js/app/forge-i18n-used.js): 6.6 → 3.3 KB.
import { getCallBridge } from '../../node_modules/@forge/bridge/out/bridge.js';
import { productFetchApi } from '../../node_modules/@forge/bridge/out/fetch/fetch.js';
import { getContext } from '../../node_modules/@forge/bridge/out/view/getContext.js';
import { theme } from '../../node_modules/@forge/bridge/out/view/theme.js';
import { showFlag } from '../../node_modules/@forge/bridge/out/flag/flag.js';
import { events } from '../../node_modules/@forge/bridge/out/events/events.js';
import { realtime } from '../../node_modules/@forge/bridge/out/realtime/realtime.js';

// What @forge/bridge's index does for `requestJira`.
const { requestJira } = productFetchApi(getCallBridge());

// Head start. This file is evaluated while the wasm is still downloading and compiling, so
// the issue panel's first two questions are asked here instead of after the app has started:
// the context, then the checklist's first part (what src/state/load.rs `read_document` reads
// first, by the same path as src/host/props.rs `property_path`). Each answer is handed out
// once, to the first identical call the app makes (src/host/js.rs `early_answer`, as for
// Connect's in public/boot.js); a request the app then never makes would spend the customer's
// rate limit for nothing, so only those the panel always makes are asked.
const CHECKLIST_KEY = 'ticklist.checklist';
const SETTINGS_PAGES = ['jira:adminPage', 'jira:projectSettingsPage'];
const GET = { method: 'GET', headers: { Accept: 'application/json' } };
const early = new Map();
let earlyContext = getContext();
globalThis.__ticklistEarly = {
  asked: [],
  used: [],
  take(path) {
    const answer = early.get(path);
    if (!answer) return undefined;
    early.delete(path);
    this.used.push(path);
    // A head start the bridge failed is asked again, as if there had been none.
    return answer.catch(() => requestJira(path, GET));
  },
  // Settles once the head start's read is answered (or was not asked): for tests.
  settled: earlyContext
    .then((ctx) => {
      const ext = (ctx && ctx.extension) || {};
      const id = ext.issue && ext.issue.id;
      // Ids that need no percent-encoding, so the path is the app's byte for byte.
      if (SETTINGS_PAGES.includes(ext.type) || typeof id !== 'string' || !/^[A-Za-z0-9._~-]+$/.test(id)) return undefined;
      const path = `/rest/api/3/issue/${id}/properties/${CHECKLIST_KEY}`;
      const answer = requestJira(path, GET);
      early.set(path, answer);
      globalThis.__ticklistEarly.asked.push(path);
      return answer;
    })
    .then(() => undefined, () => undefined),
};

globalThis.__ticklistForge = {
  requestJira: (path, init) => requestJira(path, init),
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
