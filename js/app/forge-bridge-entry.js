// The Forge side of the host bridge: Atlassian's own @forge/bridge, bundled from npm at build
// time. boot.js imports this file only when Jira has put `__bridge` on the page (Forge Custom
// UI); src/host/forge.rs calls these functions through `globalThis.__ticklistForge`.
//
// The package's index pulls in every module it has (iframe-resizer, object store, router,
// rovo, feature flags …: 28 KB brotli), and its CommonJS output cannot be tree-shaken. The
// modules below are the ones behind the calls we make, imported by file (the package's
// `exports` map lists only its index), so the bundle is Atlassian's code, unmodified, and
// about a third of the size. A version of @forge/bridge that moves them fails this build.
import { getCallBridge } from '../../node_modules/@forge/bridge/out/bridge.js';
import { productFetchApi } from '../../node_modules/@forge/bridge/out/fetch/fetch.js';
import { getContext } from '../../node_modules/@forge/bridge/out/view/getContext.js';
import { theme } from '../../node_modules/@forge/bridge/out/view/theme.js';
import { showFlag } from '../../node_modules/@forge/bridge/out/flag/flag.js';
import { events } from '../../node_modules/@forge/bridge/out/events/events.js';
import { realtime } from '../../node_modules/@forge/bridge/out/realtime/realtime.js';

// What @forge/bridge's index does for `requestJira`.
const { requestJira } = productFetchApi(getCallBridge());

globalThis.__ticklistForge = {
  requestJira: (path, init) => requestJira(path, init),
  getContext: () => getContext(),
  enableTheme: () => theme.enable(),
  showFlag: (options) => showFlag(options),
  on: (event, callback) => events.on(event, callback),
  // Forge Realtime on the default channel (this module, this issue). A host without Realtime
  // rejects: the panel then learns of others' changes as on Connect (events, focus, interval).
  publish: (channel, payload) => Promise.resolve(realtime.publish(channel, payload)).catch(() => undefined),
  subscribe: (channel, callback) => Promise.resolve(realtime.subscribe(channel, callback)).catch(() => undefined),
};
