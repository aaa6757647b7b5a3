// `status` built on whatever provides Forge's API: @forge/api in Forge (index.js), a stand-in
// in the tests.
import { statusFor, SUMMARY_KEY } from './status.js';

export function makeStatus(api, route) {
  // As the app: Jira calls this while rendering the issue view, and the answer is a count for
  // the issue being viewed (who can see the issue can see the panel's count anyway).
  const get = (id) => api.asApp().requestJira(route`/rest/api/3/issue/${id}/properties/${SUMMARY_KEY}`);
  return (payload) => statusFor(get, payload);
}
