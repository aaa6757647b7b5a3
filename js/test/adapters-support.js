// Support for tests/adapters.rs: installs the real client libraries with scripted Jira answers.
// - Connect: @smartbear/fake-ap with a RequestAdapter subclass (fake-ap's extension point).
// - Forge: a test `__bridge` under the app's own @forge/bridge bundle entry.
// Each request takes the next scripted reply: {status, body, retryAfter} or {network: true}.
import FakeAP, { RequestAdapter } from '@smartbear/fake-ap';

let replies = [];
const seen = [];
const events = {};
const flags = [];

export function scriptReplies(json) { replies = JSON.parse(json); }
export function takeRequests() { return JSON.stringify(seen.splice(0)); }
export function takeFlags() { return JSON.stringify(flags.splice(0)); }
export function fire(event) { (events[event] || []).forEach((cb) => cb({ issueId: '10100' })); }

function next(request) {
  seen.push(request);
  return replies.shift() || { status: 200, body: '{}' };
}

class ScriptedAdapter extends RequestAdapter {
  async request(options) {
    const r = next({ method: options.method, path: options.path, body: typeof options.data === 'string' ? options.data : null });
    if (r.network) throw new Error('network down');
    if (r.status >= 200 && r.status < 300) return { body: r.body };
    const xhr = {
      status: r.status,
      statusText: 'scripted',
      responseText: r.body,
      getResponseHeader: (h) => (h.toLowerCase() === 'retry-after' && r.retryAfter != null ? String(r.retryAfter) : null),
    };
    throw { err: r.body, xhr };
  }
}

export function installFakeAp(contextJson) {
  const AP = new FakeAP({
    context: JSON.parse(contextJson),
    locale: 'fr_FR',
    requestAdapter: new ScriptedAdapter(),
    notImplementedAction: () => {},
    missingConfigurationAction: () => {},
  });
  // Unimplemented in fake-ap; Connect answers with the signed-in user.
  AP.user.getCurrentUser = (callback) => callback({ atlassianAccountId: 'u1', accountType: 'atlassian' });
  AP.events.on('flag.create', (f) => flags.push({ title: f.options.title, type: f.options.type }));
  window.AP = AP;
}

export async function installForge(contextJson) {
  globalThis.__bridge = {
    callBridge: async (name, payload) => {
      switch (name) {
        case 'getContext': return JSON.parse(contextJson);
        case 'fetchProduct': {
          const init = payload.fetchRequestInit || {};
          const r = next({ method: init.method || 'GET', path: payload.restPath, body: init.body ?? null });
          if (r.network) throw new Error('network down');
          return { body: r.body, status: r.status, statusText: '', headers: r.retryAfter != null ? { 'retry-after': String(r.retryAfter) } : {} };
        }
        case 'showFlag': flags.push({ title: payload.title, type: payload.type }); return undefined;
        case 'on': (events[payload.event] = events[payload.event] || []).push(payload.callback); return undefined;
        case 'enableTheming': return undefined;
        default: throw new Error('not scripted: ' + name);
      }
    },
  };
  // The production entry, so the test covers exactly what the app loads; started once per page,
  // as the start script does.
  const bridge = await import('../app/forge-bridge-entry.js');
  if (!globalThis.__ticklistForge) bridge.startForgeBridge();
  // The bundle asks ahead for an issue panel's checklist: let that request arrive first.
  await globalThis.__ticklistEarly.settled;
}
