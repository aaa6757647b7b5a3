// The Connect bridge inside the simulator: @smartbear/fake-ap (npm, by SmartBear) in place of
// Atlassian's all.js. jira-sim puts this script in the app page with the issue context and the
// acting user as data attributes; AP.request goes to the simulator's REST as that user.
import FakeAP, { BackendRequestAdapter } from '@smartbear/fake-ap';

const me = document.currentScript;
const user = me.dataset.user;
const context = JSON.parse(me.dataset.context || '{}');

const AP = new FakeAP({
  context,
  locale: me.dataset.locale || 'en_US',
  requestAdapter: new BackendRequestAdapter('/sim/ap-request/' + encodeURIComponent(user)),
  notImplementedAction: () => {},
  missingConfigurationAction: () => {},
});

// fake-ap leaves AP.resize unimplemented; Jira resizes the iframe to its content, and the
// simulator's host page does the same when told the height.
AP.resize = () => {
  window.parent.postMessage(
    { type: 'jira-sim:resize', height: document.documentElement.scrollHeight },
    window.location.origin,
  );
};

// fake-ap leaves AP.user.getCurrentUser unimplemented; Connect answers with the account id of
// the user the page was opened as.
AP.user.getCurrentUser = (callback) => callback({ atlassianAccountId: user, accountType: 'atlassian' });

window.AP = AP;
