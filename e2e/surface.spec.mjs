// The panel a Jira user meets: any width (a board's side panel is 360–600 px), any key, nothing
// removed by accident, a screen that never contradicts itself. Screenshots land in target/e2e/.
import { test, expect } from '@playwright/test';
import { join } from 'node:path';
import { USERS, reset, faults, putIssueProperty, storedItems, storedLists, choose } from './sim.mjs';

const shots = join(process.env.CARGO_TARGET_DIR || join(new URL('..', import.meta.url).pathname, 'target'), 'e2e');
const frame = (page) => page.frameLocator('[data-testid=app-frame]');
const appFrame = (page) => page.frames().find((f) => f.url().includes('/panel/'));
const saved = async (page) => expect(frame(page).getByTestId('save-status')).toHaveText('Saved', { timeout: 20_000 });

// A checklist that uses every part of a row: long text, a header, mandatory, statuses, a due
// date, an assignee, details.
const busy = {
  app: 'ticklist', v: 1,
  lists: [{ id: 'main', name: 'Release checklist for the winter version', items: [
    { id: 'h', text: 'Before the release', status: 'todo', header: true },
    { id: 'a', text: 'Write the changelog with every user-visible change since the last release', status: 'done' },
    { id: 'b', text: 'Tag the build', status: 'inprogress', mandatory: true, due: '2020-01-01', assignee: USERS.editor, details: 'Use the release script' },
    { id: 'c', text: 'Announce on the blog', status: 'blocked', due: '2031-05-17' },
    { id: 'd', text: 'Smoke test', status: 'todo' },
  ] }],
};

test.beforeEach(async ({ request }) => reset(request));

/** Widths an issue view's panel gets: a board's side panel, a narrow window, the full view. */
for (const theme of ['light', 'dark']) {
  for (const width of [320, 400, 600, 800]) {
    test(`${width} px, ${theme}: the text keeps the row and nothing scrolls sideways`, async ({ page, request }) => {
      await putIssueProperty(request, USERS.editor, 'TL-1', 'ticklist.checklist', busy);
      await page.setViewportSize({ width: Math.max(width + 420, 1000), height: 900 });
      await page.goto(`/browse/TL-1?mode=connect&theme=${theme}`);
      await page.locator('[data-testid=app-frame]').evaluate((f, w) => { f.style.width = `${w}px`; f.parentElement.style.minWidth = '0'; }, width);
      const app = frame(page);
      await expect(app.getByTestId('item')).toHaveCount(5);
      // Open the tools of one row the way this width offers them (⋯ when narrow, hover when wide).
      const more = app.getByTestId('item-more').nth(2);
      if (await more.isVisible()) await more.click();
      else await app.getByTestId('item').nth(2).hover();
      await expect(app.getByTestId('item-delete').nth(2)).toBeVisible();
      const f = appFrame(page);
      const layout = await f.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
        rows: [...document.querySelectorAll('.tl-item__row')].map((r) => {
          const text = r.querySelector('.tl-item__text').getBoundingClientRect().width;
          return { text, row: r.getBoundingClientRect().width };
        }),
      }));
      expect(layout.client).toBeLessThanOrEqual(width);
      expect(layout.scroll, 'no horizontal scroll').toBeLessThanOrEqual(layout.client);
      for (const r of layout.rows) expect(r.text / r.row, JSON.stringify(r)).toBeGreaterThanOrEqual(0.5);
      await page.locator('[data-testid=app-frame]').screenshot({ path: join(shots, `panel-${width}-${theme}.png`) });
    });
  }
}

const five = {
  app: 'ticklist', v: 1,
  lists: [{ id: 'main', name: 'Checklist', items: ['one', 'two', 'three', 'four', 'five'].map((t, n) => ({ id: 'abcde'[n], text: t, status: 'todo' })) }],
};
const focusedRow = (page) => appFrame(page).evaluate(() => document.activeElement?.closest('li')?.dataset.id ?? null);

test('keyboard: moves keep focus on the item, a delete hands it to the neighbour', async ({ page, request }) => {
  await putIssueProperty(request, USERS.editor, 'TL-1', 'ticklist.checklist', five);
  await page.goto('/browse/TL-1?mode=connect');
  const app = frame(page);
  await expect(app.getByTestId('item')).toHaveCount(5);
  await app.getByTestId('item-toggle').nth(0).focus();
  for (let n = 0; n < 3; n++) await page.keyboard.press('Alt+ArrowDown');
  await expect(app.getByTestId('item-text')).toHaveText(['two', 'three', 'four', 'one', 'five']);
  expect(await focusedRow(page)).toBe('a');
  await page.keyboard.press('Alt+ArrowUp');
  await expect(app.getByTestId('item-text')).toHaveText(['two', 'three', 'one', 'four', 'five']);
  expect(await focusedRow(page)).toBe('a');
  // The ↓ button, pressed with Enter twice: the item moves twice and the button keeps focus.
  // (A row's tools show while focus is in the row: the keyboard reaches them with Tab.)
  await app.locator('li[data-id=a]').getByRole('button', { name: 'Move down (Alt+↓)' }).focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await expect(app.getByTestId('item-text')).toHaveText(['two', 'three', 'four', 'five', 'one']);
  expect(await focusedRow(page)).toBe('a');
  // Delete "three" from the keyboard: focus lands on the next row ("four").
  await app.locator('li[data-id=c]').getByTestId('item-toggle').focus();
  await app.locator('li[data-id=c]').getByRole('button', { name: 'Delete: three' }).focus();
  await page.keyboard.press('Enter');
  await expect(app.getByTestId('item-text')).toHaveText(['two', 'four', 'five', 'one']);
  expect(await focusedRow(page)).toBe('d');
  await saved(page);
  expect((await storedItems(request, 'TL-1')).map((i) => i.text)).toEqual(['two', 'four', 'five', 'one']);
});

test('keyboard: deleting the item above a section header hands focus to the header row', async ({ page, request }) => {
  await putIssueProperty(request, USERS.editor, 'TL-1', 'ticklist.checklist', {
    app: 'ticklist', v: 1,
    lists: [{ id: 'main', name: 'Checklist', items: [
      { id: 'a', text: 'first', status: 'todo' },
      { id: 'h', text: 'Later', status: 'todo', header: true },
      { id: 'b', text: 'second', status: 'todo' },
    ] }],
  });
  await page.goto('/browse/TL-1?mode=connect');
  const app = frame(page);
  await expect(app.getByTestId('item')).toHaveCount(3);
  await app.locator('li[data-id=a]').getByTestId('item-toggle').focus();
  await app.locator('li[data-id=a]').getByRole('button', { name: 'Delete: first' }).focus();
  await page.keyboard.press('Enter');
  await expect(app.getByTestId('item-text')).toHaveText(['Later', 'second']);
  expect(await focusedRow(page)).toBe('h');
});

for (const mode of ['connect', 'forge']) {
  test(`${mode}: saving an empty text says how many items it removes, asks, and can be undone`, async ({ page, request }) => {
    await putIssueProperty(request, USERS.editor, 'TL-1', 'ticklist.checklist', five);
    await page.goto(`/browse/TL-1?mode=${mode}`);
    const app = frame(page);
    await expect(app.getByTestId('item')).toHaveCount(5);
    await app.getByTestId('text-mode').click();
    await app.getByTestId('text-area').fill('');
    await app.getByTestId('text-save').click();
    await expect(app.getByTestId('text-confirm')).toContainText('removes 5 items');
    await expect(app.getByTestId('item')).toHaveCount(5); // nothing removed before the yes
    await app.getByTestId('text-confirm-save').click();
    await expect(app.getByTestId('item')).toHaveCount(0);
    // The empty text removed the checklist too; undo brings both back.
    await expect(app.getByTestId('undo-bar')).toContainText('Deleted checklist “Checklist” (5 items)');
    await app.getByTestId('undo').click();
    await expect(app.getByTestId('item-text')).toHaveText(['one', 'two', 'three', 'four', 'five']);
    await saved(page);
    expect((await storedItems(request, 'TL-1')).map((i) => i.text)).toEqual(['one', 'two', 'three', 'four', 'five']);
  });
}

test('deleting a checklist says how many items go, and is undone with its items in place', async ({ page, request }) => {
  await putIssueProperty(request, USERS.editor, 'TL-1', 'ticklist.checklist', {
    app: 'ticklist', v: 1,
    lists: [{ id: 'main', name: 'Dev', items: [{ id: 'a', text: 'dev 1', status: 'done' }] },
      { id: 'qa', name: 'QA', items: [{ id: 'b', text: 'qa 1', status: 'todo' }, { id: 'c', text: 'qa 2', status: 'todo', mandatory: true }] }],
  });
  await page.goto('/browse/TL-1?mode=connect');
  const app = frame(page);
  await app.getByTestId('checklist').nth(1).hover();
  await app.getByTestId('list-delete').nth(1).click();
  await expect(app.getByTestId('confirm-delete-list')).toContainText('2 items');
  await app.getByTestId('confirm-delete').click();
  await expect(app.getByTestId('checklist')).toHaveCount(1);
  await expect(app.getByTestId('undo-bar')).toContainText('Deleted checklist “QA” (2 items)');
  await app.getByTestId('undo').click();
  await expect(app.getByTestId('list-name')).toHaveText(['Dev', 'QA']);
  await saved(page);
  expect(Object.values(await storedLists(request, 'TL-1'))).toEqual(['Dev', 'QA']);
  await expect(app.getByTestId('item-text')).toHaveText(['dev 1', 'qa 1', 'qa 2']);
  // Stored: each item back in its checklist (order keys are per checklist).
  const lists = await storedLists(request, 'TL-1');
  const stored = (await storedItems(request, 'TL-1')).map((i) => [lists[i.list], i.text, i.mandatory]);
  expect(stored.filter(([l]) => l === 'QA')).toEqual([['QA', 'qa 1', false], ['QA', 'qa 2', true]]);
  expect(stored.filter(([l]) => l === 'Dev')).toEqual([['Dev', 'dev 1', false]]);
});

test('the chosen filter is the applied filter, whatever order Jira answers in', async ({ page, request }) => {
  await putIssueProperty(request, USERS.editor, 'TL-1', 'ticklist.checklist', five);
  await page.goto('/browse/TL-1?mode=connect');
  const app = frame(page);
  await expect(app.getByTestId('item')).toHaveCount(5);
  await faults(request, { latency_ms: 1500, path_contains: '/myself' });
  await choose(app.getByTestId('filter'), 'mine');
  await expect(app.getByTestId('filter-empty')).toBeVisible(); // "asking Jira who you are"
  await choose(app.getByTestId('filter'), 'all');
  await page.waitForTimeout(2000); // /myself has answered by now
  await expect(app.getByTestId('filter')).toHaveAttribute('data-value', 'all');
  await expect(app.getByTestId('item')).toHaveCount(5);
  // Nothing assigned to me: the list says so instead of showing nothing.
  await choose(app.getByTestId('filter'), 'mine');
  await expect(app.getByTestId('filter-empty')).toHaveText('Nothing here is assigned to you.');
  // Everything done under "Open": said too.
  await choose(app.getByTestId('filter'), 'all');
  for (let n = 0; n < 5; n++) await app.getByTestId('item-toggle').nth(n).check();
  await choose(app.getByTestId('filter'), 'open');
  await expect(app.getByTestId('filter-empty')).toContainText('Every item here is done');
});

test('connect: the iframe follows the content (text mode, details)', async ({ page, request }) => {
  await putIssueProperty(request, USERS.editor, 'TL-1', 'ticklist.checklist', five);
  await page.goto('/browse/TL-1?mode=connect');
  const app = frame(page);
  await expect(app.getByTestId('item')).toHaveCount(5);
  const iframe = page.locator('[data-testid=app-frame]');
  const height = async () => (await iframe.boundingBox()).height;
  const contentHeight = () => appFrame(page).evaluate(() => document.body.scrollHeight);
  await expect.poll(height).toBeGreaterThanOrEqual(await contentHeight());
  const closed = await height();
  await app.getByTestId('text-mode').click();
  await expect(app.getByTestId('text-area')).toBeVisible();
  await expect.poll(height).toBeGreaterThan(closed + 150);
  await expect.poll(async () => (await height()) >= (await contentHeight())).toBe(true);
  await app.getByTestId('text-cancel').click();
  // Text mode closed: focus is back on the button that opened it.
  await expect(app.getByTestId('text-mode')).toBeFocused();
  await app.getByTestId('item').nth(4).hover();
  await app.getByTestId('item-details-toggle').nth(4).click();
  await expect(app.getByTestId('item-details')).toBeVisible();
  await expect.poll(async () => (await height()) >= (await contentHeight())).toBe(true);
  const box = await app.getByTestId('item-details').boundingBox();
  const frameBox = await iframe.boundingBox();
  expect(box.y + box.height).toBeLessThanOrEqual(frameBox.y + frameBox.height);
});

test('smaller things: rename on blur, a blank name, a refused item keeps its text, a typed box, browse-only, bidi', async ({ page, request }) => {
  await page.goto('/browse/TL-1?mode=connect');
  const app = frame(page);
  // "- [x] test" typed into the add box is a done item called "test".
  await app.getByTestId('add-item').fill('- [x] test');
  await app.getByTestId('add-item').press('Enter');
  await expect(app.getByTestId('item-toggle')).toBeChecked();
  await expect(app.getByTestId('item-text')).toHaveText(['test']);
  // A refused item (over 1,000 characters) keeps what was typed.
  const long = 'x'.repeat(1001);
  await app.getByTestId('add-item').fill(long);
  await app.getByTestId('add-item').press('Enter');
  await expect(app.getByTestId('notice')).toContainText('1000');
  await expect(app.getByTestId('add-item')).toHaveValue(long);
  // A rename is kept when focus leaves the field.
  await app.getByTestId('list-name').click();
  await app.getByTestId('list-rename').fill('Launch');
  await app.getByTestId('add-item').click();
  await expect(app.getByTestId('list-name')).toHaveText('Launch');
  // A blank name says so, and the field stays open.
  await app.getByTestId('list-name').click();
  await app.getByTestId('list-rename').fill('   ');
  await app.getByTestId('list-rename').press('Enter');
  await expect(app.getByTestId('notice')).toHaveText('a checklist needs a name');
  await expect(app.getByTestId('list-rename')).toBeVisible();
  await app.getByTestId('list-rename').press('Escape');
  // Right-to-left overrides stay inside the text that has them.
  await app.getByTestId('add-item').fill('\u202Eevil override');
  await app.getByTestId('add-item').press('Enter');
  await saved(page);
  expect((await storedItems(request, 'TL-1')).map((i) => [i.text, i.status])).toEqual([['test', 'done'], ['\u202Eevil override', 'todo']]);
  expect(Object.values(await storedLists(request, 'TL-1'))).toEqual(['Launch']);
  const bidi = await appFrame(page).evaluate(() => [...document.querySelectorAll('.tl-item__text, .tl-list__name')].map((e) => getComputedStyle(e).unicodeBidi));
  expect(new Set(bidi)).toEqual(new Set(['isolate']));
  // Someone who can only browse reads no "Saved": nothing of theirs is being saved.
  await page.goto(`/browse/TL-1?mode=connect&user=${USERS.viewer}`);
  await expect(frame(page).getByTestId('read-only')).toBeVisible();
  await expect(frame(page).getByTestId('save-status')).toHaveCount(0);
});

for (const theme of ['light', 'dark']) {
  test(`320 px, ${theme}: no serious or critical accessibility violations`, async ({ page, request }) => {
    const { createRequire } = await import('node:module');
    const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
    await putIssueProperty(request, USERS.editor, 'TL-1', 'ticklist.checklist', busy);
    await page.goto(`/browse/TL-1?mode=connect&theme=${theme}`);
    await page.locator('[data-testid=app-frame]').evaluate((f) => { f.style.width = '320px'; });
    const app = frame(page);
    await expect(app.getByTestId('item')).toHaveCount(5);
    await app.getByTestId('item-more').nth(2).click();
    await app.getByTestId('item-details-toggle').nth(2).click();
    const f = appFrame(page);
    await f.addScriptTag({ path: axePath });
    const violations = await f.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ['violations'] });
      return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
    });
    expect(violations).toEqual([]);
  });
}

test('settings pages down to 600 px, and a colour that is not one', async ({ page }) => {
  await page.setViewportSize({ width: 600, height: 900 });
  await page.goto(`/panel/connect?view=admin&user=${USERS.admin}`);
  await page.getByTestId('new-status').fill('QA review');
  await page.getByTestId('new-status').press('Enter');
  const row = page.getByTestId('status-qa-review');
  await row.getByTestId('status-colour').fill('red');
  await row.getByTestId('status-colour').press('Enter');
  await row.getByTestId('status-colour').blur();
  await expect(page.getByTestId('notice')).toContainText('“red” is not a colour');
  await row.getByTestId('status-colour-picker').fill('#22a06b');
  await expect(row.getByTestId('status-colour')).toHaveValue('#22a06b');
  const layout = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(layout.scroll).toBeLessThanOrEqual(layout.client);
  await page.screenshot({ path: join(shots, 'settings-600.png'), fullPage: true });
});

// Both pages preload their wasm; the app's own fetch must use that preload, not fetch it again.
for (const [name, url, wasm] of [
  ['settings page', `/panel/connect?view=admin&user=${USERS.admin}`, /settings\/ticklist-settings-[0-9a-f]+_bg\.wasm$/],
  ['issue panel', '/browse/TL-1?mode=connect', /app\/ticklist-[0-9a-f]+_bg\.wasm$/],
]) {
  test(`the ${name} downloads its wasm once and uses the preload`, async ({ page }) => {
    const warnings = [];
    let fetched = 0;
    page.on('console', (m) => { if (/preload/i.test(m.text())) warnings.push(m.text()); });
    page.on('request', (r) => { if (wasm.test(r.url())) fetched += 1; });
    await page.goto(url);
    await expect(page.locator('body')).toBeVisible();
    await page.waitForTimeout(3500); // Chromium warns a few seconds after the load event
    expect(fetched).toBe(1);
    expect(warnings).toEqual([]);
  });
}

test('a long template name does not push the toolbar onto two lines; replacing says how many items go', async ({ page, request }) => {
  const long = 'Definition of done for the winter release of the mobile apps';
  await page.goto(`/panel/connect?view=admin&user=${USERS.admin}`);
  await page.getByTestId('add-list').click();
  await page.getByTestId('new-list-name').fill(long);
  await page.getByTestId('new-list-name').press('Enter');
  await page.getByTestId('add-item').fill('Reviewed');
  await page.getByTestId('add-item').press('Enter');
  await expect(page.getByTestId('save-status')).toHaveText('Saved', { timeout: 20_000 });
  await putIssueProperty(request, USERS.editor, 'TL-1', 'ticklist.checklist', five);
  await page.goto('/browse/TL-1?mode=connect');
  await page.locator('[data-testid=app-frame]').evaluate((f) => { f.style.width = '600px'; });
  const app = frame(page);
  await expect(app.getByTestId('apply-template')).toBeVisible();
  const bar = await appFrame(page).evaluate(() => {
    const b = document.querySelector('.tl-panel__bar').getBoundingClientRect();
    const s = document.querySelector('[data-testid=apply-template]').getBoundingClientRect();
    return { height: b.height, select: s.width };
  });
  expect(bar.height).toBeLessThan(40);
  expect(bar.select).toBeLessThan(200);
  await choose(app.getByTestId('apply-template'), { label: long });
  await app.getByTestId('template-replace').click();
  await expect(app.getByTestId('template-choice')).toContainText('Items removed: 5');
  await app.getByTestId('template-replace-confirm').click();
  await expect(app.getByTestId('item-text')).toHaveText(['Reviewed']);
  await expect(app.getByTestId('undo-bar')).toContainText('Removed 5 items');
  await expect(app.getByTestId('apply-template')).toBeFocused();
  // Undo returns to before the replace: the five items back, the template's item gone.
  await app.getByTestId('undo').click();
  await expect(app.getByTestId('item-text')).toHaveText(['one', 'two', 'three', 'four', 'five']);
});

test('the status picker works like Jira\'s: keyboard, lozenges, and the list is never cut off', async ({ page, request }) => {
  await putIssueProperty(request, USERS.editor, 'TL-1', 'ticklist.checklist', five);
  await page.goto('/browse/TL-1?mode=connect');
  const app = frame(page);
  await expect(app.getByTestId('item')).toHaveCount(5);
  // The last row's picker, from the keyboard: Tab in the row reaches it.
  await app.locator('li[data-id=e]').getByTestId('item-toggle').focus();
  const picker = app.locator('li[data-id=e]').getByTestId('item-status');
  await picker.focus();
  await page.keyboard.press('Enter');
  const menu = app.locator('li[data-id=e]').getByTestId('item-status-menu');
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('option', { name: 'To do' })).toBeFocused();
  await page.locator('[data-testid=app-frame]').screenshot({ path: join(shots, 'status-menu.png') });
  // Opened on the last row, the list still fits in the iframe (Connect resizes it).
  const iframe = await page.locator('[data-testid=app-frame]').boundingBox();
  await expect.poll(async () => {
    const m = await menu.boundingBox();
    return m.y + m.height <= iframe.y + (await page.locator('[data-testid=app-frame]').boundingBox()).height;
  }).toBe(true);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(menu).toHaveCount(0);
  await expect(picker).toBeFocused();
  await expect(picker).toHaveAttribute('data-value', 'inprogress');
  await expect(app.locator('li[data-id=e]').getByTestId('item-lozenge')).toHaveText('In progress');
  // Escape closes without choosing.
  await page.keyboard.press('ArrowDown');
  await expect(menu).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  await expect(picker).toHaveAttribute('data-value', 'inprogress');
  await saved(page);
  expect((await storedItems(request, 'TL-1')).find((i) => i.text === 'five').status).toBe('inprogress');
});

// The build minifies the stylesheet after trunk hashed it for subresource integrity: a stale
// hash makes the browser drop the stylesheet, and the page shows unstyled.
for (const [name, url] of [
  ['issue panel (Connect)', '/browse/TL-1?mode=connect'],
  ['issue panel (Forge)', '/browse/TL-1?mode=forge'],
  ['settings page (Forge)', `/admin/ticklist?user=${USERS.admin}&mode=forge`],
]) {
  test(`the ${name} applies its stylesheet`, async ({ page }) => {
    const refused = [];
    page.on('console', (m) => { if (/integrity/i.test(m.text())) refused.push(m.text()); });
    await page.goto(url);
    const root = page.frameLocator('[data-testid=app-frame]').locator('.tl-app').first();
    await expect(root).toBeAttached();
    const styled = await root.evaluate((el) => ({
      token: getComputedStyle(document.documentElement).getPropertyValue('--tl-text').trim() !== '',
      container: getComputedStyle(el).containerType,
    }));
    expect(styled).toEqual({ token: true, container: 'inline-size' });
    expect(refused).toEqual([]);
  });
}

// The rows come first: the add box, "Add checklist", the undo bar and the rows' tools are built
// after the first paint (components/after_paint.rs), and the rows do not move when they arrive
// (a long list name, so that a narrow panel wraps the list's head).
for (const width of [320, 800]) {
  test(`${width} px: the rows are in before the panel's tools, and stay where they are when the tools come`, async ({ page, request }) => {
    await putIssueProperty(request, USERS.editor, 'TL-1', 'ticklist.checklist', busy);
    await page.addInitScript((w) => {
      if (!location.pathname.includes('/panel/')) {
        // The panel gets its width before it starts, as on a board's side panel.
        new MutationObserver((_, mo) => {
          const f = document.querySelector('[data-testid=app-frame]');
          if (!f) return;
          f.style.width = `${w}px`;
          f.parentElement.style.minWidth = '0';
          mo.disconnect();
        }).observe(document, { childList: true, subtree: true });
        return;
      }
      const seen = new MutationObserver(() => {
        const rows = document.querySelectorAll('li[data-testid=item]');
        if (rows.length < 5 || window.__firstRows) return;
        window.__firstRows = {
          top: rows[0].getBoundingClientRect().top,
          addBox: !!document.querySelector('[data-testid=add-item]'),
          rowTools: !!document.querySelector('.tl-item__tools'),
          addList: !!document.querySelector('[data-testid=add-list]'),
        };
        seen.disconnect();
      });
      seen.observe(document, { childList: true, subtree: true });
    }, width);
    await page.setViewportSize({ width: Math.max(width + 420, 1000), height: 900 });
    await page.goto('/browse/TL-1?mode=connect');
    const app = frame(page);
    await expect(app.getByTestId('add-item')).toBeVisible();
    await expect(app.getByTestId('add-list')).toBeVisible();
    const { first, now } = await appFrame(page).evaluate(() => ({
      first: window.__firstRows,
      now: document.querySelector('li[data-testid=item]').getBoundingClientRect().top,
    }));
    expect(first, 'the five rows were seen going in').toBeTruthy();
    expect(first).toMatchObject({ addBox: false, rowTools: false, addList: false });
    await expect(app.locator('.tl-item__tools')).toHaveCount(5);
    expect(now, 'the first row did not move').toBe(first.top);
  });
}
