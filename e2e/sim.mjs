// Helpers to talk to jira-sim's REST as a given user, the way a test sets up a scene.
export const USERS = {
  admin: '5b10a2844c20165700ede21g',
  projectAdmin: '5b10ac8d82e05b22cc7d4ef5',
  editor: '5b10a0effa615349cb016cd8',
  viewer: '5b109f2e9729b51b54dc274d',
};

const auth = (user) => ({ Authorization: 'Basic ' + Buffer.from(`${user}:`).toString('base64') });

export async function reset(request) {
  const r = await request.post('/_sim/reset');
  if (r.status() !== 204) throw new Error(`reset failed: ${r.status()}`);
}

export async function putIssueProperty(request, user, issue, key, value) {
  return request.put(`/rest/api/3/issue/${issue}/properties/${key}`, {
    headers: { ...auth(user), 'Content-Type': 'application/json' },
    data: typeof value === 'string' ? value : JSON.stringify(value),
  });
}

export async function getIssueProperty(request, user, issue, key) {
  return request.get(`/rest/api/3/issue/${issue}/properties/${key}`, { headers: auth(user) });
}
