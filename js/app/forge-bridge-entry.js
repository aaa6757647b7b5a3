// The Forge side of the host bridge: Atlassian's own @forge/bridge, bundled from npm at build
// time. boot.js imports this file only when Jira has put `__bridge` on the page (Forge Custom
// UI); src/host/forge.rs calls these functions through `globalThis.__ticklistForge`.
import { requestJira, view, showFlag, events } from '@forge/bridge';

globalThis.__ticklistForge = {
  requestJira: (path, init) => requestJira(path, init),
  getContext: () => view.getContext(),
  enableTheme: () => view.theme.enable(),
  showFlag: (options) => showFlag(options),
  on: (event, callback) => events.on(event, callback),
};
