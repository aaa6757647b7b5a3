// The Forge host inside the simulator: what Jira injects as `globalThis.__bridge` in a Custom
// UI iframe. The app's own copy of Atlassian's @forge/bridge calls it unmodified. jira-sim puts
// this script in the app page with the context and acting user as data attributes.
(function () {
  const me = document.currentScript;
  const user = me.dataset.user;
  const context = JSON.parse(me.dataset.context || '{}');
  const listeners = {};
  const toParent = (msg) => window.parent.postMessage(msg, window.location.origin);

  async function fetchProduct(payload) {
    if (payload.product !== 'jira') throw new Error('jira-sim only simulates Jira');
    const init = payload.fetchRequestInit || {};
    const headers = new Headers(init.headers || []);
    // requestJira runs as the current user: the simulator takes Basic auth with the account id.
    headers.set('Authorization', 'Basic ' + btoa(user + ':'));
    const response = await fetch(payload.restPath, {
      method: init.method || 'GET',
      headers,
      body: init.body == null ? undefined : init.body,
    });
    return {
      body: await response.text(),
      headers: Object.fromEntries(response.headers.entries()),
      status: response.status,
      statusText: response.statusText,
    };
  }

  // Forge Realtime: the default channel is scoped to this module on this issue. Messages go
  // through the simulator to every tab and user with the same scope.
  const ext = context.extension || {};
  const scope = (context.moduleKey || 'module') + ':' + ((ext.issue && ext.issue.id) || ext.type || '');
  function publishRealtime(payload) {
    return fetch('/_sim/realtime', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ scope, channel: payload.channelName, payload: payload.eventPayload ?? null }),
    }).then(() => undefined);
  }
  function subscribeRealtime(payload) {
    let open = true;
    (async () => {
      let after = await (await fetch('/_sim/realtime/latest')).json();
      while (open) {
        const q = new URLSearchParams({ scope, channel: payload.channelName, after: String(after) });
        let messages = [];
        try {
          messages = await (await fetch('/_sim/realtime?' + q)).json();
        } catch (e) {
          await new Promise((r) => setTimeout(r, 1000));
        }
        for (const m of messages) {
          after = Math.max(after, m.seq);
          if (open) payload.onEvent(m.payload);
        }
      }
    })();
    return { unsubscribe: () => { open = false; } };
  }

  globalThis.__bridge = {
    callBridge: async (name, payload) => {
      switch (name) {
        case 'getContext': return context;
        case 'fetchProduct': return fetchProduct(payload);
        case 'showFlag': toParent({ type: 'jira-sim:flag', flag: { title: payload.title, description: payload.description, type: payload.type } }); return undefined;
        case 'closeFlag': return undefined;
        case 'on': (listeners[payload.event] = listeners[payload.event] || []).push(payload.callback); return { unsubscribe: () => {} };
        case 'emit': (listeners[payload.event] || []).forEach((cb) => cb(payload.payload)); return undefined;
        case 'enableTheming': return undefined;
        case 'publishRealtimeChannel': return publishRealtime(payload);
        case 'subscribeRealtimeChannel': return subscribeRealtime(payload);
        default: throw new Error('jira-sim does not simulate the bridge call ' + name);
      }
    },
  };

  // Forge fits Custom UI iframes to their content.
  window.addEventListener('DOMContentLoaded', () => {
    new ResizeObserver(() => toParent({ type: 'jira-sim:resize', height: document.body.scrollHeight + 16 }))
      .observe(document.body);
  });
})();
