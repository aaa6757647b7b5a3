// The Forge function behind the issue view's progress lozenge (deploy/forge/src), run against a
// stand-in for @forge/api that answers from fixtures. The same fixtures tie it to the lozenge
// the panel writes on Connect (crates/ticklist-core/tests/descriptors.rs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { makeStatus } from '../forge/src/handler.js';

const fixtures = JSON.parse(readFileSync(new URL('./lozenge-fixtures.json', import.meta.url), 'utf8'));

/** @forge/api's shape: asApp().requestJira(route`…`), route encoding what it interpolates. */
function standIn(answer) {
  const calls = [];
  const route = (strings, ...values) => ({
    path: strings.reduce((out, s, i) => out + s + (i < values.length ? encodeURIComponent(String(values[i])) : ''), ''),
  });
  const api = {
    asApp: () => ({
      requestJira: async (r, init) => {
        calls.push({ path: r.path, method: init?.method ?? 'GET' });
        return answer;
      },
    }),
  };
  return { status: makeStatus(api, route), calls };
}

const response = (f) => ({
  status: f.status,
  json: async () => (f.status === 200 ? { key: 'ticklist.summary', value: f.summary } : { errorMessages: ['no'] }),
});

for (const f of fixtures) {
  test(`lozenge: ${f.name}`, async () => {
    const { status, calls } = standIn(response(f));
    const out = await status({ extension: { issue: { id: '10100', key: 'TL-1' } } });
    assert.deepEqual(out, { status: f.lozenge });
    // One read of the summary, nothing else.
    assert.deepEqual(calls, [{ path: '/rest/api/3/issue/10100/properties/ticklist.summary', method: 'GET' }]);
  });
}

test('the issue id is found in each payload shape, and nothing is asked without one', async () => {
  const f = fixtures.find((x) => x.name === 'partly done');
  for (const payload of [{ issueId: 10100 }, { issue: { id: '10100' } }, { context: { extension: { issue: { id: '10100' } } } }]) {
    const { status, calls } = standIn(response(f));
    assert.deepEqual(await status(payload), { status: f.lozenge });
    assert.equal(calls.length, 1);
  }
  for (const payload of [undefined, {}, { issueId: '10100/../../myself' }]) {
    const { status, calls } = standIn(response(f));
    assert.deepEqual(await status(payload), { status: fixtures[0].lozenge });
    assert.equal(calls.length, 0, 'no request for a missing or odd id');
  }
});

test('an unreadable answer and a failed request say so without throwing', async () => {
  const { status } = standIn({ status: 200, json: async () => { throw new SyntaxError('bad json'); } });
  assert.equal((await status({ issueId: '1' })).status.value.label, '?');
  const failing = makeStatus({ asApp: () => ({ requestJira: async () => { throw new Error('network'); } }) }, (s, ...v) => ({ path: s.join('') + v.join('') }));
  assert.equal((await failing({ issueId: '1' })).status.value.label, '—');
});
