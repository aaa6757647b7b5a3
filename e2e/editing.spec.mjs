import { test, expect } from '@playwright/test';
import { USERS, reset, faults, requests, clearRequests, storedItems, putIssueProperty, getIssueProperty, extraContext, closeExtraContexts, choose } from './sim.mjs';

test.afterEach(closeExtraContexts);

test.beforeEach(async ({ request }) => reset(request));

const frame = (page) => page.frameLocator('[data-testid=app-frame]');
const saved = async (page) => expect(frame(page).getByTestId('save-status')).toHaveText('Saved', { timeout: 20_000 });

async function addItems(page, texts) {
  const add = frame(page).getByTestId('add-item');
  for (const t of texts) {
    await add.fill(t);
    await add.press('Enter');
  }
  // Focus stays in the input for the next item.
  await expect(add).toBeFocused();
}

for (const mode of ['connect', 'forge']) {
  test(`${mode}: every edit persists in Jira`, async ({ page, request }) => {
    await page.goto(`/browse/TL-1?mode=${mode}`);
    const app = frame(page);
    await addItems(page, ['Write the changelog', 'Tag the release', 'Announce it']);
    await saved(page);
    expect((await storedItems(request, 'TL-1')).map((i) => i.text)).toEqual(['Write the changelog', 'Tag the release', 'Announce it']);

    // Toggle, status, mandatory.
    await app.getByTestId('item-toggle').nth(0).check();
    await choose(app.getByTestId('item-status').nth(2), 'blocked');
    await app.getByTestId('item').nth(1).hover();
    await app.getByTestId('item-mandatory-toggle').nth(1).click();
    // Edit inline: Enter saves; Escape cancels.
    await app.getByTestId('item-text').nth(2).click();
    await app.getByTestId('item-edit').fill('Announce it on the blog');
    await app.getByTestId('item-edit').press('Enter');
    await app.getByTestId('item-text').nth(0).click();
    await app.getByTestId('item-edit').fill('this is cancelled');
    await app.getByTestId('item-edit').press('Escape');
    await saved(page);
    let stored = await storedItems(request, 'TL-1');
    expect(stored.map((i) => [i.text, i.status, i.mandatory])).toEqual([
      ['Write the changelog', 'done', false],
      ['Tag the release', 'todo', true],
      ['Announce it on the blog', 'blocked', false],
    ]);
    await expect(app.getByTestId('mandatory-open')).toHaveText('1 mandatory open');

    // Reorder by keyboard: Alt+↓ on the first item.
    await app.getByTestId('item-toggle').nth(0).focus();
    await page.keyboard.press('Alt+ArrowDown');
    await saved(page);
    stored = await storedItems(request, 'TL-1');
    expect(stored.map((i) => i.text)).toEqual(['Tag the release', 'Write the changelog', 'Announce it on the blog']);

    // Delete, then undo: the item comes back in its place.
    await app.getByTestId('item').nth(1).hover();
    await app.getByTestId('item-delete').nth(1).click();
    await saved(page);
    expect((await storedItems(request, 'TL-1')).map((i) => i.text)).toEqual(['Tag the release', 'Announce it on the blog']);
    await app.getByTestId('undo').click();
    await saved(page);
    expect((await storedItems(request, 'TL-1')).map((i) => [i.text, i.status])).toEqual([
      ['Tag the release', 'todo'], ['Write the changelog', 'done'], ['Announce it on the blog', 'blocked'],
    ]);

    // The summary and the issue-view status follow: on Connect from the status property the
    // panel writes, on Forge from the app's function (which reads the summary), so there the
    // status property is never written.
    await page.reload();
    await expect(page.getByTestId('status-lozenge')).toHaveText('1/3');
    const statusProperty = await getIssueProperty(request, USERS.editor, 'TL-1', 'com.atlassian.jira.issue:ticklist:ticklist-status:status');
    expect(statusProperty.status()).toBe(mode === 'forge' ? 404 : 200);
  });
}

test('pasting several lines adds several items', async ({ page, request }) => {
  await page.goto('/browse/TL-1');
  const add = frame(page).getByTestId('add-item');
  await add.focus();
  await add.evaluate((el) => {
    const data = new DataTransfer();
    data.setData('text', '- [ ] one\n- [ ] two\n\n* three');
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await saved(page);
  expect((await storedItems(request, 'TL-1')).map((i) => i.text)).toEqual(['one', 'two', 'three']);
});

test('a browse-only user sees a read-only checklist and Jira refuses a forged write', async ({ page, request }) => {
  await page.goto('/browse/TL-1');
  await addItems(page, ['Existing item']);
  await saved(page);
  await page.goto(`/browse/TL-1?user=${USERS.viewer}`);
  const app = frame(page);
  await expect(app.getByTestId('read-only')).toBeVisible();
  await expect(app.getByTestId('item')).toHaveCount(1);
  await expect(app.getByTestId('add-item')).toHaveCount(0);
  await expect(app.getByTestId('item-toggle')).toBeDisabled();
  await expect(app.getByTestId('item-delete')).toHaveCount(0);
  const forged = await putIssueProperty(request, USERS.viewer, 'TL-1', 'ticklist.checklist', { app: 'ticklist', v: 1, lists: [] });
  expect(forged.status()).toBe(403);
  expect(await storedItems(request, 'TL-1')).toHaveLength(1);
});

test('a cached permission is checked again: a user who may not edit ends up read-only', async ({ page }) => {
  await page.goto('/browse/TL-1');
  await addItems(page, ['Existing item']);
  await saved(page);
  // The viewer's first visit fills the iframe's caches (settings, and "may not edit").
  await page.goto(`/browse/TL-1?user=${USERS.viewer}`);
  await expect(frame(page).getByTestId('read-only')).toBeVisible();
  // A stale cache says otherwise (as after a permission change): the panel opens from it, then
  // follows Jira's answer.
  await page.evaluate(() => localStorage.setItem('ticklist.canEdit.10000', 'true'));
  await page.reload();
  const app = frame(page);
  await expect(app.getByTestId('item')).toHaveCount(1);
  await expect(app.getByTestId('read-only')).toBeVisible();
  await expect(app.getByTestId('add-item')).toHaveCount(0);
  expect(await page.evaluate(() => localStorage.getItem('ticklist.canEdit.10000'))).toBe('false');
});

const XSS = [
  '<img src=x onerror="window.__xss=1">',
  '<script>window.__xss=2</script>',
  '[click](javascript:window.__xss=3)',
  '"><svg onload="window.__xss=4">',
  '**<b onmouseover="window.__xss=5">bold</b>**',
  '[x](data:text/html,<script>parent.__xss=6</script>)',
];

test('item text never runs as code', async ({ page, request }) => {
  let dialogs = 0;
  page.on('dialog', (d) => { dialogs++; d.dismiss(); });
  await page.goto('/browse/TL-1');
  await addItems(page, XSS);
  await saved(page);
  await page.reload();
  const app = frame(page);
  await expect(app.getByTestId('item')).toHaveCount(XSS.length);
  for (const [n, t] of XSS.entries()) {
    await expect(app.getByTestId('item-text').nth(n)).toContainText(t.replace(/\*\*/g, '').slice(0, 8));
  }
  await app.getByTestId('item-text').nth(4).hover();
  const inner = page.frames()[1];
  expect(await inner.evaluate(() => window.__xss)).toBeUndefined();
  expect(await page.evaluate(() => window.__xss)).toBeUndefined();
  expect(await inner.evaluate(() => document.querySelectorAll('[data-testid=item] img, [data-testid=item] svg, [data-testid=item] script, a[href^="javascript"], a[href^="data"]').length)).toBe(0);
  expect(dialogs).toBe(0);
  expect((await storedItems(request, 'TL-1')).map((i) => i.text)).toEqual(XSS);
});

test('server errors, rate limits and slowness lose nothing', async ({ page, request }) => {
  await page.goto('/browse/TL-1');
  await faults(request, { fail_next: 3, method: 'PUT', latency_ms: 150 });
  await addItems(page, ['one', 'two']);
  await expect(frame(page).getByTestId('save-status')).toContainText(/retrying|Saving/);
  await saved(page);
  await faults(request, { rate_limit_next: 1, retry_after_secs: 1, method: 'PUT' });
  await addItems(page, ['three']);
  await frame(page).getByTestId('item-toggle').nth(0).check();
  await saved(page);
  const stored = await storedItems(request, 'TL-1');
  expect(stored.map((i) => [i.text, i.status])).toEqual([['one', 'done'], ['two', 'todo'], ['three', 'todo']]);
});

test('20 quick toggles cause at most 2 write cycles', async ({ page, request }) => {
  await page.goto('/browse/TL-1');
  await addItems(page, ['toggle me']);
  await saved(page);
  await clearRequests(request);
  const box = frame(page).getByTestId('item-toggle').first();
  for (let n = 0; n < 20; n++) await box.click();
  await saved(page);
  const puts = (await requests(request)).filter((r) => r.startsWith('PUT ') && r.includes('/properties/ticklist.checklist'));
  expect(puts.length).toBeLessThanOrEqual(2);
  expect((await storedItems(request, 'TL-1'))[0].status).toBe('todo');
});

test('two people editing at once both keep their changes', async ({ browser, request }) => {
  const setup = await browser.newPage();
  await setup.goto('/browse/TL-1');
  await addItems(setup, ['shared A', 'shared B', 'shared C']);
  await saved(setup);
  await setup.close();

  const eddie = await (await extraContext(browser)).newPage();
  const pat = await (await extraContext(browser)).newPage();
  await eddie.goto(`/browse/TL-1?user=${USERS.editor}&mode=connect`);
  await pat.goto(`/browse/TL-1?user=${USERS.projectAdmin}&mode=forge`);
  const e = frame(eddie);
  const p = frame(pat);
  await expect(e.getByTestId('item')).toHaveCount(3);
  await expect(p.getByTestId('item')).toHaveCount(3);

  // Interleaved, without either reloading: different items, the same item's different fields,
  // and new items on both sides.
  await e.getByTestId('item-toggle').nth(0).check();
  await p.getByTestId('item-text').nth(0).click();
  await p.getByTestId('item-edit').fill('shared A (renamed by Pat)');
  await p.getByTestId('item-edit').press('Enter');
  await addItems(eddie, ['from Eddie']);
  await addItems(pat, ['from Pat']);
  await choose(p.getByTestId('item-status').nth(1), 'inprogress');
  await e.getByTestId('item').nth(2).hover();
  await e.getByTestId('item-mandatory-toggle').nth(2).click();
  await saved(eddie);
  await saved(pat);
  // Each side refreshes (focus / Jira's event / interval); a focus is quickest.
  await eddie.evaluate(() => document.querySelector('iframe').contentWindow.dispatchEvent(new Event('focus')));
  await pat.evaluate(() => document.querySelector('iframe').contentWindow.dispatchEvent(new Event('focus')));
  await saved(eddie);
  await saved(pat);

  const stored = await storedItems(request, 'TL-1');
  const byText = Object.fromEntries(stored.map((i) => [i.text, i]));
  expect(Object.keys(byText).sort()).toEqual(['from Eddie', 'from Pat', 'shared A (renamed by Pat)', 'shared B', 'shared C'].sort());
  expect(byText['shared A (renamed by Pat)'].status).toBe('done');
  expect(byText['shared B'].status).toBe('inprogress');
  expect(byText['shared C'].mandatory).toBe(true);
  // And both screens show the converged checklist.
  for (const f of [e, p]) {
    await expect(f.getByTestId('item')).toHaveCount(5);
    await expect(f.getByTestId('item-text').nth(0)).toHaveText('shared A (renamed by Pat)');
  }
});

test('drag and drop reorders items and moves them between checklists', async ({ page, request }) => {
  await page.goto('/browse/TL-1');
  const app = frame(page);
  await addItems(page, ['one', 'two', 'three']);
  await saved(page);
  const row = (text) => app.getByTestId('item').filter({ has: app.getByTestId('item-text').filter({ hasText: new RegExp(`^${text}$`) }) });
  // "three" onto the upper half of "one": it goes first.
  await row('three').hover();
  await row('three').getByTestId('item-grip').dragTo(row('one'), { targetPosition: { x: 40, y: 2 } });
  await saved(page);
  expect((await storedItems(request, 'TL-1')).map((i) => i.text)).toEqual(['three', 'one', 'two']);
  // "three" onto the lower half of "two": it goes last.
  const box = await row('two').boundingBox();
  await row('three').hover();
  await row('three').getByTestId('item-grip').dragTo(row('two'), { targetPosition: { x: 40, y: box.height - 2 } });
  await saved(page);
  expect((await storedItems(request, 'TL-1')).map((i) => i.text)).toEqual(['one', 'two', 'three']);

  // Into another checklist.
  await app.getByTestId('add-list').click();
  await app.getByTestId('new-list-name').fill('Later');
  await app.getByTestId('new-list-name').press('Enter');
  const later = app.getByTestId('checklist').nth(1);
  await later.getByTestId('add-item').fill('four');
  await later.getByTestId('add-item').press('Enter');
  await saved(page);
  await row('one').hover();
  await row('one').getByTestId('item-grip').dragTo(later.getByTestId('item').first(), { targetPosition: { x: 40, y: 2 } });
  await expect(later.getByTestId('item')).toHaveCount(2);
  await saved(page);
  const stored = await storedItems(request, 'TL-1');
  const laterId = stored.find((i) => i.text === 'four').list;
  expect(stored.filter((i) => i.list === laterId).map((i) => i.text)).toEqual(['one', 'four']);
});

test('an edit Jira never stored survives closing the tab and is saved on the next open', async ({ browser, request }) => {
  const context = await extraContext(browser); // its own local storage
  const page = await context.newPage();
  await page.goto('/browse/TL-1');
  await addItems(page, ['kept']);
  await saved(page);
  await faults(request, { fail_next: 1000, method: 'PUT' });
  await addItems(page, ['made while Jira refused writes']);
  await expect(frame(page).getByTestId('save-status')).toContainText('retrying');
  expect((await storedItems(request, 'TL-1')).map((i) => i.text)).toEqual(['kept']);
  await page.close();
  await faults(request, {});

  const again = await context.newPage();
  await again.goto('/browse/TL-1');
  await expect(frame(again).getByTestId('recovered')).toBeVisible();
  await saved(again);
  expect((await storedItems(request, 'TL-1')).map((i) => i.text)).toEqual(['kept', 'made while Jira refused writes']);
  // Saved, so nothing is recovered a second time.
  const third = await context.newPage();
  await third.goto('/browse/TL-1');
  await expect(frame(third).getByTestId('item')).toHaveCount(2);
  await expect(frame(third).getByTestId('recovered')).toHaveCount(0);
});

test('forge: another user\'s edit shows within 2 s without a focus or reload; junk on the channel changes nothing', async ({ browser, request }) => {
  const dialogs = [];
  const open = async (user) => {
    const page = await (await extraContext(browser)).newPage();
    page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
    await page.goto(`/browse/TL-1?user=${user}&mode=forge`);
    return page;
  };
  const eddie = await open(USERS.editor);
  await addItems(eddie, ['shared']);
  await saved(eddie);
  const pat = await open(USERS.projectAdmin);
  await expect(frame(pat).getByTestId('item')).toHaveCount(1);

  await addItems(pat, ['live from Pat']);
  await frame(pat).getByTestId('item-toggle').nth(0).check();
  await saved(pat);
  // Eddie's page is never clicked or focused again: only the Realtime hint can bring this.
  await expect(frame(eddie).getByTestId('item')).toHaveCount(2, { timeout: 2_000 });
  await expect(frame(eddie).getByTestId('item-toggle').nth(0)).toBeChecked({ timeout: 2_000 });

  // Anyone who can open the issue can publish on the channel: a hint only ever leads to a read.
  const before = await storedItems(request, 'TL-1');
  const mallory = await open(USERS.viewer);
  await expect(frame(mallory).getByTestId('item')).toHaveCount(2);
  const inner = mallory.frames().find((f) => f.url().includes('/panel/'));
  await inner.evaluate(async () => {
    const junk = ['<img src=x onerror=alert(1)>', '{"items":{}}', '', 'x'.repeat(10_000)];
    for (const p of junk) await globalThis.__bridge.callBridge('publishRealtimeChannel', { channelName: 'ticklist-changes', eventPayload: p });
    await globalThis.__bridge.callBridge('publishRealtimeChannel', { channelName: 'ticklist-changes', eventPayload: { items: null } });
  });
  await eddie.waitForTimeout(1_500);
  expect(await storedItems(request, 'TL-1')).toEqual(before);
  await expect(frame(eddie).getByTestId('item')).toHaveCount(2);
  await expect(frame(eddie).getByTestId('save-status')).toHaveText('Saved');
  expect(dialogs).toEqual([]);
});

test('who changed what: the details name the person and the time of each write, on either host', async ({ browser }) => {
  const open = async (user, mode) => {
    const page = await (await extraContext(browser)).newPage();
    await page.goto(`/browse/TL-1?user=${user}&mode=${mode}`);
    return page;
  };
  // Eddie adds on Connect (account from AP.user.getCurrentUser), Pat ticks on Forge (context).
  const eddie = await open(USERS.editor, 'connect');
  await addItems(eddie, ['Release notes']);
  await saved(eddie);
  const pat = await open(USERS.projectAdmin, 'forge');
  await frame(pat).getByTestId('item-toggle').nth(0).check();
  await saved(pat);

  const viewer = await open(USERS.viewer, 'forge');
  const app = frame(viewer);
  await expect(app.getByTestId('item-toggle').nth(0)).toBeChecked();
  const row = app.getByTestId('item').nth(0);
  await row.hover();
  await row.getByTestId('item-details-toggle').click();
  const changes = app.getByTestId('item-change');
  await expect(changes).toHaveCount(2);
  await expect(changes.nth(0)).toContainText(/^Status changed · Pat Project-Admin · /);
  await expect(changes.nth(1)).toContainText(/^Added · Eddie Editor · /);
  // The time as the user's locale writes it (the simulator's user is en-US), this year.
  const year = String(new Date().getFullYear());
  await expect(changes.nth(0)).toContainText(new RegExp(`${year}, \\d{1,2}:\\d{2}`));
});
