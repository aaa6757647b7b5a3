import { test, expect } from '@playwright/test';
import { USERS, reset, storedItems, storedLists, extraContext, closeExtraContexts, choose } from './sim.mjs';

test.afterEach(closeExtraContexts);

test.beforeEach(async ({ request }) => reset(request));

const frame = (page) => page.frameLocator('[data-testid=app-frame]');
const saved = async (page) => expect(frame(page).getByTestId('save-status')).toHaveText('Saved', { timeout: 20_000 });

async function addItems(page, texts) {
  const add = frame(page).getByTestId('add-item').first();
  for (const t of texts) {
    await add.fill(t);
    await add.press('Enter');
  }
}

test('section headers, details and due dates persist; overdue items stand out', async ({ page, request }) => {
  await page.goto('/browse/TL-1');
  const app = frame(page);
  await addItems(page, ['## Before release', 'Write notes', 'Ship it']);
  await saved(page);
  await expect(app.getByTestId('item-toggle')).toHaveCount(2); // the header has no checkbox
  const ship = app.getByTestId('item').nth(2);
  await ship.hover();
  await ship.getByTestId('item-details-toggle').click();
  await ship.getByTestId('item-details').fill('Use the runbook\nthen tell support');
  await ship.getByTestId('item-details').blur();
  await ship.getByTestId('item-due').fill('2020-01-31');
  await saved(page);
  await expect(ship).toHaveClass(/tl-item--overdue/);
  // Shown in the user's locale (en_US from the host), the ISO date in the tooltip.
  await expect(ship.getByTestId('item-due-chip')).toHaveText('Jan 31, 2020');
  await expect(ship.getByTestId('item-due-chip')).toHaveAttribute('title', /2020-01-31/);
  const stored = await storedItems(request, 'TL-1');
  expect(stored.map((i) => [i.text, i.header, i.details, i.due])).toEqual([
    ['Before release', true, '', null],
    ['Write notes', false, '', null],
    ['Ship it', false, 'Use the runbook\nthen tell support', '2020-01-31'],
  ]);
  // The summary Jira indexes reports it overdue.
  const summary = await request.get('/rest/api/3/issue/TL-1/properties/ticklist.summary', {
    headers: { Authorization: 'Basic ' + Buffer.from(`${USERS.editor}:`).toString('base64') },
  });
  expect((await summary.json()).value).toMatchObject({ total: 2, nextDue: '2020-01-31', overdue: true });
});

test('text mode edits the whole checklist and keeps what others changed meanwhile', async ({ browser, page, request }) => {
  await page.goto('/browse/TL-1');
  await addItems(page, ['alpha', 'beta', 'gamma']);
  await saved(page);
  const before = await storedItems(request, 'TL-1');
  const app = frame(page);
  await app.getByTestId('text-mode').click();
  const area = app.getByTestId('text-area');
  await expect(area).toHaveValue('# Checklist\n- [ ] alpha\n- [ ] beta\n- [ ] gamma\n');

  // Meanwhile Pat ticks "beta" in another browser.
  const pat = await (await extraContext(browser)).newPage();
  await pat.goto(`/browse/TL-1?user=${USERS.projectAdmin}`);
  await frame(pat).getByTestId('item-toggle').nth(1).check();
  await saved(pat);

  await area.fill('# Release\n- [x] alpha\n- [ ] beta\n- [ ] ! delta\n- [ ] gamma (renamed)\n');
  await app.getByTestId('text-save').click();
  await saved(page);
  const after = await storedItems(request, 'TL-1');
  expect(after.map((i) => [i.text, i.status, i.mandatory])).toEqual([
    ['alpha', 'done', false],
    // Pat's tick survives: the text said "[ ]" but that field did not change in the editor.
    ['beta', 'done', false],
    ['delta', 'todo', true],
    ['gamma (renamed)', 'todo', false],
  ]);
  // Items kept their identity.
  expect(after[0].id).toBe(before[0].id);
  expect(after[1].id).toBe(before[1].id);
  expect(Object.values(await storedLists(request, 'TL-1'))).toEqual(['Release']);
});

for (const mode of ['connect', 'forge']) {
  test(`${mode}: importing another app's text shows a preview, writes nothing until asked, and can replace with undo`, async ({ page, request }) => {
    await page.goto(`/browse/TL-1?mode=${mode}`);
    const app = frame(page);
    await addItems(page, ['existing one', 'existing two']);
    await saved(page);
    await app.getByTestId('import-open').click();
    // HeroCoders' own examples: items are mandatory unless `?` marks them optional.
    await app.getByTestId('import-text').fill(
      '# Definition of done\n--- Review\n* [] Code reviewed\n- [x] Tests pass\n-? Nice to have\n>> if time allows\n>> orphan? no, a second line');
    await expect(app.getByTestId('import-summary')).toHaveText('Creates 1 checklist, 3 items (2 mandatory, 1 done), 1 header.');
    await expect(app.getByTestId('import-unclear')).toHaveCount(0);
    // Smart Checklist text: a line without a sign is kept, and highlighted with its reason.
    await app.getByTestId('import-format').selectOption('smart-checklist');
    await app.getByTestId('import-text').fill('## Deploy\n- Build\n+ Test\n-! Approve\n> ask the lead\nno sign here\n- [ON HOLD] Wait');
    await expect(app.getByTestId('import-summary')).toHaveText('Creates 1 checklist, 5 items (1 mandatory, 1 done), 1 header.');
    const unclear = app.getByTestId('import-unclear-line');
    await expect(unclear).toHaveCount(2);
    await expect(unclear.nth(0)).toContainText('Line 6');
    await expect(unclear.nth(0)).toContainText('no sign here');
    await expect(unclear.nth(1)).toContainText('ON HOLD');
    // Nothing written by the preview.
    expect((await storedItems(request, 'TL-1')).map((i) => i.text)).toEqual(['existing one', 'existing two']);

    await app.getByTestId('import-replace').check();
    await app.getByTestId('import-run').click();
    await expect(app.getByTestId('import-confirm')).toContainText('removes 2 items');
    await app.getByTestId('import-confirm-run').click();
    await expect(app.getByTestId('import-box')).toHaveCount(0);
    await saved(page);
    const stored = await storedItems(request, 'TL-1');
    expect(stored.map((i) => [i.text, i.status, i.mandatory, i.header, i.details])).toEqual([
      ['Deploy', 'todo', false, true, ''],
      ['Build', 'todo', false, false, ''],
      ['Test', 'done', false, false, ''],
      ['Approve', 'todo', true, false, 'ask the lead'],
      ['no sign here', 'todo', false, false, ''],
      ['[ON HOLD] Wait', 'todo', false, false, ''],
    ]);
    // The replace can be undone: the old items are back and the imported ones gone.
    await app.getByTestId('undo').click();
    await saved(page);
    await expect.poll(async () => (await storedItems(request, 'TL-1')).map((i) => i.text))
      .toEqual(['existing one', 'existing two']);

    // Appending adds without asking; the import is a flow of its own, not text mode.
    await app.getByTestId('import-open').click();
    await expect(app.getByTestId('import-text')).toHaveValue('');
    await app.getByTestId('import-format').selectOption('okapya');
    await app.getByTestId('import-text').fill('[{"name":"From Okapya","checked":true,"mandatory":true}]');
    await app.getByTestId('import-run').click();
    await expect(app.getByTestId('import-confirm')).toHaveCount(0);
    await expect.poll(async () => (await storedItems(request, 'TL-1')).map((i) => [i.text, i.status, i.mandatory]))
      .toEqual([['existing one', 'todo', false], ['existing two', 'todo', false], ['From Okapya', 'done', true]]);
  });
}

test('several named checklists: add, rename, reorder, delete', async ({ page, request }) => {
  await page.goto('/browse/TL-1');
  const app = frame(page);
  await addItems(page, ['first item']);
  await saved(page);
  await app.getByTestId('add-list').click();
  await app.getByTestId('new-list-name').fill('QA');
  await app.getByTestId('new-list-name').press('Enter');
  await expect(app.getByTestId('checklist')).toHaveCount(2);
  await app.getByTestId('add-item').nth(1).fill('qa item');
  await app.getByTestId('add-item').nth(1).press('Enter');
  await app.getByTestId('list-name').nth(0).click();
  await app.getByTestId('list-rename').fill('Dev');
  await app.getByTestId('list-rename').press('Enter');
  await saved(page);
  expect(Object.values(await storedLists(request, 'TL-1'))).toEqual(['Dev', 'QA']);
  await app.getByTestId('checklist').nth(1).hover();
  await app.getByRole('button', { name: 'Move checklist up' }).nth(1).click();
  await saved(page);
  expect(Object.values(await storedLists(request, 'TL-1'))).toEqual(['QA', 'Dev']);
  await app.getByTestId('checklist').nth(0).hover();
  await app.getByTestId('list-delete').nth(0).click();
  await app.getByTestId('confirm-delete').click();
  await saved(page);
  expect(Object.values(await storedLists(request, 'TL-1'))).toEqual(['Dev']);
  expect((await storedItems(request, 'TL-1')).map((i) => i.text)).toEqual(['first item']);
});

test('the Open filter hides done items', async ({ page }) => {
  await page.goto('/browse/TL-1');
  const app = frame(page);
  await addItems(page, ['one', 'two', 'three']);
  await app.getByTestId('item-toggle').nth(1).check();
  await saved(page);
  await choose(app.getByTestId('filter'), 'open');
  await expect(app.getByTestId('item-text')).toHaveText(['one', 'three']);
  await expect(app.getByTestId('progress')).toHaveText('1/3');
  await choose(app.getByTestId('filter'), 'all');
  await expect(app.getByTestId('item')).toHaveCount(3);
});

test('assign an item through the user picker; "Assigned to me" filters', async ({ browser, page, request }) => {
  await page.goto(`/browse/TL-1?user=${USERS.editor}`);
  const app = frame(page);
  await addItems(page, ['for Pat', 'for Eddie', 'nobody']);
  await saved(page);
  const row = (n) => app.getByTestId('item').nth(n);
  for (const [n, query, name] of [[0, 'pat', 'Pat Project-Admin'], [1, 'edd', 'Eddie Editor']]) {
    await row(n).hover();
    await row(n).getByTestId('item-details-toggle').click();
    await row(n).getByTestId('assignee-search').fill(query);
    await row(n).getByTestId('assignee-option').filter({ hasText: name }).click();
    await expect(row(n).getByTestId('item-assignee')).toHaveText(`@${name}`);
  }
  await saved(page);
  const stored = await storedItems(request, 'TL-1');
  const assignees = await request.get('/rest/api/3/issue/TL-1/properties/ticklist.checklist', {
    headers: { Authorization: 'Basic ' + Buffer.from(`${USERS.editor}:`).toString('base64') },
  });
  const items = (await assignees.json()).value.items;
  expect(stored.map((i) => items[i.id].a ?? null)).toEqual([USERS.projectAdmin, USERS.editor, null]);
  // Names are shown after a reload too (looked up by account id).
  await page.reload();
  await expect(row(0).getByTestId('item-assignee')).toHaveText('@Pat Project-Admin');
  await choose(app.getByTestId('filter'), 'mine');
  await expect(app.getByTestId('item-text')).toHaveText(['for Eddie']);
  // Only people who can edit the issue are offered (Vera can only browse).
  await row(0).hover();
  await row(0).getByTestId('item-details-toggle').click();
  await row(0).getByTestId('assignee-search').fill('vera');
  await expect(row(0).getByTestId('assignee-option')).toHaveCount(0);
});
