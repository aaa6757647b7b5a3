// Helpers to talk to jira-sim's REST as a given user, the way a test sets up a scene.
export const USERS = {
  admin: '5b10a2844c20165700ede21g',
  projectAdmin: '5b10ac8d82e05b22cc7d4ef5',
  editor: '5b10a0effa615349cb016cd8',
  viewer: '5b109f2e9729b51b54dc274d',
};

export const auth = (user) => ({ Authorization: 'Basic ' + Buffer.from(`${user}:`).toString('base64') });

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

export async function faults(request, f) {
  const r = await request.post('/_sim/faults', { data: f });
  if (r.status() !== 204) throw new Error(`faults failed: ${r.status()}`);
}

/** REST requests the simulator saw since the last reset/clear, as "METHOD path?query". */
export async function requests(request) {
  return (await request.get('/_sim/requests')).json();
}

/** The same requests with arrival and answer times (ms) and body bytes. */
export async function requestLog(request) {
  return (await request.get('/_sim/request-log')).json();
}

/**
 * What a stretch of the log cost Jira: GETs, PUTs, DELETEs, bytes written and read, and round trips in
 * sequence (the longest chain of requests each sent after the one before it was answered).
 */
export function restCost(log) {
  const rest = log.filter((r) => r.path.startsWith('/rest/')).sort((a, b) => a.start_ms - b.start_ms);
  // chain[i]: the longest sequence ending with request i.
  const chain = [];
  for (const [i, r] of rest.entries()) {
    const earlier = rest.slice(0, i).map((p, j) => (p.end_ms <= r.start_ms ? chain[j] : 0));
    chain.push(1 + Math.max(0, ...earlier));
  }
  const count = (m) => rest.filter((r) => r.method === m).length;
  return {
    gets: count('GET'),
    puts: count('PUT'),
    deletes: count('DELETE'),
    bytes: rest.filter((r) => r.method === 'PUT').reduce((n, r) => n + r.bytes, 0),
    read: rest.reduce((n, r) => n + r.answer_bytes, 0),
    rounds: Math.max(0, ...chain),
  };
}

export async function clearRequests(request) {
  await request.delete('/_sim/requests');
}

/**
 * The live items of the stored checklist, in order, read the way any client would: part 0,
 * then the parts it announces; tombstones ("x") skipped; order by key then id.
 */
export async function storedItems(request, issue, user = USERS.editor) {
  const read = async (key) => {
    const r = await getIssueProperty(request, user, issue, key);
    return r.status() === 200 ? (await r.json()).value : null;
  };
  const head = await read('ticklist.checklist');
  if (!head) return [];
  const items = { ...head.items };
  for (let n = 1; n < head.parts; n++) Object.assign(items, (await read(`ticklist.checklist.${n}`))?.items ?? {});
  return Object.entries(items)
    .filter(([, i]) => !i.x)
    .sort(([a, x], [b, y]) => (x.o < y.o ? -1 : x.o > y.o ? 1 : a < b ? -1 : 1))
    .map(([id, i]) => ({ id, text: i.t, status: i.s, mandatory: !!i.m, header: !!i.h, details: i.d ?? '', due: i.u ?? null, list: i.l, issue: i.i ?? null, follow: !!i.f }));
}

/** The live checklists (id → name) of the stored document. */
export async function storedLists(request, issue, user = USERS.editor) {
  const r = await getIssueProperty(request, user, issue, 'ticklist.checklist');
  if (r.status() !== 200) return {};
  const lists = (await r.json()).value.lists;
  return Object.fromEntries(Object.entries(lists).filter(([, l]) => !l.x).sort(([, a], [, b]) => (a.o < b.o ? -1 : 1)).map(([id, l]) => [id, l.n]));
}

// Extra browser contexts (a second user) are closed after each test: a page left open keeps
// saving its copy of the checklist and would write it into later tests' fresh data.
const extraContexts = [];
export async function extraContext(browser) {
  const c = await browser.newContext();
  extraContexts.push(c);
  return c;
}
export async function closeExtraContexts() {
  while (extraContexts.length) await extraContexts.pop().close();
}

/** Picks a choice in one of the app's dropdowns (a button that opens a list): by value, or by
 * `{ label }`. */
export async function choose(trigger, choice) {
  // A row's picker shows while the row has the pointer or the focus.
  await trigger.focus();
  await trigger.click();
  const menu = trigger.locator('xpath=following-sibling::ul[1]');
  const option = typeof choice === 'string'
    ? menu.locator(`[role=option][data-value="${choice}"]`)
    : menu.getByRole('option', { name: choice.label, exact: true });
  await option.click();
}

/** Types a new template and its items on an open settings page (`frame`); returns its section.
 * Shared with scripts/startup-split.mjs, which sets up a site's settings the same way. */
export async function typeTemplate(frame, name, items) {
  await frame.getByTestId('add-list').click();
  await frame.getByTestId('new-list-name').fill(name);
  await frame.getByTestId('new-list-name').press('Enter');
  const section = frame.getByTestId('checklist').filter({ has: frame.getByText(name, { exact: true }) });
  for (const text of items) {
    await section.getByTestId('add-item').fill(text);
    await section.getByTestId('add-item').press('Enter');
  }
  return section;
}
