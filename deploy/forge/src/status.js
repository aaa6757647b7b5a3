// The issue view's progress lozenge on Forge, from the checklist summary Ticklist stores in the
// issue property `ticklist.summary`. Jira calls the `status` function (index.js) for the
// jira:issueContext module's dynamic properties; this file holds everything it does, without
// @forge/api, so that node's tests and the simulator's issue page run the same code.
//
// It reads one property and returns a label. It keeps nothing, calls nothing outside Jira and
// writes nothing.

export const SUMMARY_KEY = 'ticklist.summary';

/** What shows when there is no checklist (the manifest's static status says the same). */
export const NONE = { type: 'lozenge', value: { label: '—', type: 'default' } };
/** A summary that is not what Ticklist writes: say so rather than guess. */
export const UNREADABLE = { type: 'lozenge', value: { label: '?', type: 'default' } };

const count = (v) => (Number.isInteger(v) && v >= 0 ? v : null);

/**
 * The lozenge for a summary, as the panel writes it on Connect (`Summary::lozenge` in
 * crates/ticklist-core/src/summary.rs): "done/total", new when nothing is done, success when
 * everything is, in progress between.
 */
export function lozenge(summary) {
  if (summary === null || summary === undefined) return NONE;
  if (typeof summary !== 'object' || Array.isArray(summary)) return UNREADABLE;
  const total = count(summary.total);
  const done = count(summary.done);
  if (total === null || done === null || done > total) return UNREADABLE;
  if (total === 0) return NONE;
  const type = done === total ? 'success' : done === 0 ? 'new' : 'inprogress';
  return { type: 'lozenge', value: { label: `${done}/${total}`, type } };
}

/** The issue id in what Jira passes to a dynamic-properties function (shapes vary by module). */
export function issueIdOf(payload) {
  const p = payload ?? {};
  const id = p.issueId ?? p.issue?.id ?? p.extension?.issue?.id ?? p.context?.extension?.issue?.id;
  return id === undefined || id === null ? null : String(id);
}

/**
 * The dynamic properties for `payload`, reading the summary with `get(issueId)`, which answers
 * like fetch: `{ status, json() }`.
 */
export async function statusFor(get, payload) {
  const id = issueIdOf(payload);
  if (!id || !/^[0-9]+$/.test(id)) return { status: NONE };
  let response;
  try {
    response = await get(id);
  } catch {
    return { status: NONE };
  }
  if (response.status === 404) return { status: NONE };
  if (response.status !== 200) return { status: NONE };
  let body;
  try {
    body = await response.json();
  } catch {
    return { status: UNREADABLE };
  }
  return { status: lozenge(body?.value) };
}
