import { test, expect } from '@playwright/test';
import { USERS, auth, reset, storedItems, putIssueProperty, requests, clearRequests, faults } from './sim.mjs';

// Items that become Jira issues, in both hosts: created as the user through the bridge, shown
// with their key and status, following the issue; refused where Jira refuses.

test.beforeEach(async ({ request }) => reset(request));

const frame = (page) => page.frameLocator('[data-testid=app-frame]');
const saved = async (page) => expect(frame(page).getByTestId('save-status')).toHaveText('Saved', { timeout: 20_000 });

async function issue(request, key, user = USERS.editor) {
  const r = await request.get(`/rest/api/3/issue/${key}`, { headers: auth(user) });
  expect(r.status()).toBe(200);
  return (await r.json()).fields;
}

for (const mode of ['connect', 'forge']) {
  test(`${mode}: an item becomes a sub-task that shows its key and status and is followed`, async ({ page, request }) => {
    await page.goto(`/browse/TL-1?mode=${mode}`);
    const app = frame(page);
    const add = app.getByTestId('add-item').first();
    await add.fill('Write the release notes');
    await add.press('Enter');
    await add.fill('Tell support');
    await add.press('Enter');
    const row = app.getByTestId('item').first();
    await row.hover();
    await row.getByTestId('item-details-toggle').click();
    await row.getByTestId('item-details').fill('In English and German');
    await row.getByTestId('item-details').blur();
    await row.getByTestId('item-due').fill('2026-12-01');
    await saved(page);

    await row.getByTestId('item-create-issue').click();
    const form = row.getByTestId('create-issue');
    // A sub-task of this issue is offered first; the summary is the item's text.
    await expect(form.getByTestId('create-issue-type')).toHaveValue('10004');
    // Keyboard users land in the form.
    await expect(form.getByTestId('create-issue-type')).toBeFocused();
    await expect(form.locator('optgroup[label="Sub-task of TL-1"] option')).toHaveText(['Sub-task']);
    await expect(form.locator('optgroup[label="Linked to TL-1"] option')).toHaveText(['Story', 'Bug', 'Task']);
    await expect(form.getByTestId('create-issue-summary')).toHaveValue('Write the release notes');
    await expect(form.getByTestId('create-issue-follow')).toBeChecked();
    await clearRequests(request);
    await form.getByTestId('create-issue-submit').click();
    await expect(row.getByTestId('item-issue-key').first()).toHaveText('TL-4');
    await expect(row.getByTestId('item-issue-status').first()).toHaveText('To Do');
    await expect(row.getByTestId('item-issue-key').first()).toHaveAttribute('href', /\/browse\/TL-4$/);
    await saved(page);
    // One create, no link (a sub-task sits under its parent), one status read.
    const calls = (await requests(request)).filter((r) => r.startsWith('POST'));
    expect(calls).toEqual(['POST /rest/api/3/issue', 'POST /rest/api/3/issue/bulkfetch']);

    const created = await issue(request, 'TL-4');
    expect(created.parent.key).toBe('TL-1');
    expect(created.issuetype.name).toBe('Sub-task');
    expect(created.summary).toBe('Write the release notes');
    expect(created.description).toBe('In English and German');
    expect(created.duedate).toBe('2026-12-01');
    expect(created.reporter.accountId).toBe(USERS.editor);
    const stored = await storedItems(request, 'TL-1');
    expect(stored[0].issue).toEqual({ id: expect.any(String), key: 'TL-4' });
    expect(stored[0].follow).toBe(true);
    expect(stored[0].status).toBe('todo');
    // A following item is ticked by its issue, not by hand: neither checkbox nor status picker.
    await expect(row.getByTestId('item-toggle')).toBeDisabled();
    await expect(row.getByTestId('item-status')).toBeDisabled();

    // Someone completes the sub-task in Jira; the next open shows it and ticks the item.
    const t = await request.post('/rest/api/3/issue/TL-4/transitions', {
      headers: { ...auth(USERS.editor), 'Content-Type': 'application/json' },
      data: JSON.stringify({ transition: { id: '31' } }),
    });
    expect(t.status()).toBe(204);
    await page.reload();
    const again = frame(page).getByTestId('item').first();
    await expect(again.getByTestId('item-issue-status')).toHaveText('Done');
    await expect(again.getByTestId('item-toggle')).toBeChecked();
    await saved(page);
    expect((await storedItems(request, 'TL-1'))[0].status).toBe('done');
    // The summary Jira indexes counts it.
    const summary = await request.get('/rest/api/3/issue/TL-1/properties/ticklist.summary', { headers: auth(USERS.editor) });
    expect((await summary.json()).value).toMatchObject({ done: 1, total: 2 });
  });
}

test('forge: another issue type is created and linked to this issue', async ({ page, request }) => {
  await page.goto('/browse/TL-1?mode=forge');
  const app = frame(page);
  const add = app.getByTestId('add-item').first();
  await add.fill('Rotate the keys');
  await add.press('Enter');
  await saved(page);
  const row = app.getByTestId('item').first();
  await row.hover();
  await row.getByTestId('item-create-issue-tool').click();
  const form = row.getByTestId('create-issue');
  await form.getByTestId('create-issue-type').selectOption('10003');
  await form.getByTestId('create-issue-summary').fill('Rotate the production keys');
  await form.getByTestId('create-issue-follow').uncheck();
  await form.getByTestId('create-issue-submit').click();
  await expect(row.getByTestId('item-issue-key').first()).toHaveText('TL-4');
  await saved(page);
  const created = await issue(request, 'TL-4');
  expect(created.issuetype.name).toBe('Task');
  expect(created.summary).toBe('Rotate the production keys');
  expect(created.parent).toBeUndefined();
  const links = (await issue(request, 'TL-1')).issuelinks;
  expect(links.map((l) => [l.type.name, l.inwardIssue?.key])).toEqual([['Relates', 'TL-4']]);
  // Not following: ticking stays the user's.
  await expect(row.getByTestId('item-toggle')).toBeEnabled();
  await expect(row.getByTestId('item-status')).toBeEnabled();
  expect((await storedItems(request, 'TL-1'))[0].follow).toBe(false);
});

for (const mode of ['connect', 'forge']) {
  test(`${mode}: a browse-only user is not offered it, and a forged create is refused`, async ({ page, request }) => {
    const doc = { app: 'ticklist', v: 1, lists: [{ id: 'main', name: 'Checklist', items: [{ id: 'a', text: 'Check the logs', status: 'todo' }] }] };
    expect((await putIssueProperty(request, USERS.editor, 'TL-1', 'ticklist.checklist', doc)).status()).toBeLessThan(300);
    await page.goto(`/browse/TL-1?mode=${mode}&user=${USERS.viewer}`);
    const row = frame(page).getByTestId('item').first();
    await expect(row).toContainText('Check the logs');
    await row.hover();
    await row.getByTestId('item-details-toggle').click();
    await expect(row.getByTestId('item-details-panel')).toBeVisible();
    await expect(row.getByTestId('item-create-issue')).toHaveCount(0);
    await expect(row.getByTestId('item-create-issue-tool')).toHaveCount(0);
    // The same request the panel would send, made by hand as the viewer: Jira says no.
    const forged = await request.post('/rest/api/3/issue', {
      headers: { ...auth(USERS.viewer), 'Content-Type': 'application/json' },
      data: JSON.stringify({ fields: { project: { id: '10000' }, issuetype: { id: '10004' }, parent: { key: 'TL-1' }, summary: 'Check the logs' } }),
    });
    expect(forged.status()).toBe(403);
    const none = await request.get('/rest/api/3/issue/TL-4', { headers: auth(USERS.editor) });
    expect(none.status()).toBe(404);
  });
}

test('connect: a failed read of the issue types says so, and opening the form again asks again', async ({ page, request }) => {
  await page.goto('/browse/TL-1?mode=connect');
  const app = frame(page);
  const add = app.getByTestId('add-item').first();
  await add.fill('Check the logs');
  await add.press('Enter');
  await saved(page);
  await faults(request, { fail_next: 1, path_contains: 'createmeta' });
  const row = app.getByTestId('item').first();
  await row.hover();
  await row.getByTestId('item-create-issue-tool').click();
  // Jira's failure is told on the item, not passed off as "no type you can create".
  await expect(row.getByTestId('create-issue-error')).toContainText('500');
  await expect(row.getByTestId('create-issue-none')).toHaveCount(0);
  await row.getByRole('button', { name: 'Cancel' }).click();
  await row.getByTestId('item-create-issue').click();
  await expect(row.getByTestId('create-issue-type')).toHaveValue('10004');
  await expect(row.getByTestId('create-issue-error')).toHaveCount(0);
});
