// Only what the floor calls from @forge/bridge, imported by file as js/app/forge-bridge-entry.js does.
import { getCallBridge } from '../../node_modules/@forge/bridge/out/bridge.js';
import { productFetchApi } from '../../node_modules/@forge/bridge/out/fetch/fetch.js';
import { getContext } from '../../node_modules/@forge/bridge/out/view/getContext.js';
import { theme } from '../../node_modules/@forge/bridge/out/view/theme.js';
const { requestJira } = productFetchApi(getCallBridge());
const GET = { headers: { Accept: 'application/json' } };
globalThis.__floor = {
  key: () => getContext().then((c) => c.extension.issue.key),
  get: (p) => requestJira(p, GET).then((r) => (r.ok ? r.text() : Promise.reject(r.status))),
  put: (p, body) => requestJira(p, { method: 'PUT', headers: { Accept: 'application/json', 'Content-Type': 'application/json' }, body }).then((r) => (r.ok ? 0 : Promise.reject(r.status))),
};
theme.enable().catch(() => {});
