import { test, expect } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { USERS, reset, faults, putIssueProperty, getIssueProperty, storedItems } from './sim.mjs';

const shots = join(process.env.CARGO_TARGET_DIR || join(new URL('..', import.meta.url).pathname, 'target'), 'e2e');
mkdirSync(shots, { recursive: true });

// A checklist in the plain export format (version 1), which the app migrates on read.
const checklist = {
  app: 'ticklist', v: 1,
  lists: [{ id: 'main', name: 'Release steps', items: [
    { id: 'a', text: 'Write the changelog', status: 'done' },
    { id: 'b', text: '<img src=x onerror="window.__xss=1">Tag the release', status: 'todo', mandatory: true },
  ] }],
};

test.beforeEach(async ({ request }) => reset(request));

test('the issue page loads the release bundle in its iframe and shows the stored checklist', async ({ page, request }) => {
  const put = await putIssueProperty(request, USERS.editor, 'TL-1', 'ticklist.checklist', checklist);
  expect(put.status()).toBe(201);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/browse/TL-1');
  const app = page.frameLocator('[data-testid=app-frame]');
  await expect(app.getByTestId('item')).toHaveCount(2);
  await expect(app.getByTestId('progress')).toHaveText('1/2');
  // Item text is text: the markup shows literally and nothing ran.
  await expect(app.getByTestId('item').nth(1)).toContainText('<img src=x');
  expect(await page.frames()[1].evaluate(() => window.__xss)).toBeUndefined();
  // The host resized the iframe to the app's content.
  const height = await page.locator('[data-testid=app-frame]').evaluate((f) => f.getBoundingClientRect().height);
  expect(height).toBeGreaterThan(60);
  await page.screenshot({ path: join(shots, 'issue-page.png'), fullPage: true });
  expect(errors).toEqual([]);
});

// A quick open goes straight to the rows: no loading note painted a moment before them (two
// layouts of the page). A slow one still says it is loading.
test('the loading note shows only when opening is slow', async ({ page, request }) => {
  await putIssueProperty(request, USERS.editor, 'TL-1', 'ticklist.checklist', checklist);
  await page.addInitScript(() => {
    if (!location.pathname.includes('/panel/')) return;
    window.__loadingShown = false;
    new MutationObserver(() => {
      const note = document.querySelector('[data-testid=loading]');
      if (note && !note.hidden) window.__loadingShown = true;
    }).observe(document, { childList: true, subtree: true, attributes: true });
  });
  await page.goto('/browse/TL-1');
  const app = page.frameLocator('[data-testid=app-frame]');
  await expect(app.getByTestId('item')).toHaveCount(2);
  const frame = () => page.frames().find((f) => f.url().includes('/panel/'));
  expect(await frame().evaluate(() => window.__loadingShown)).toBe(false);
  // The checklist takes 1.5 s to come: the note appears, then the rows replace it.
  await faults(request, { path_contains: 'ticklist.checklist', method: 'GET', latency_ms: 1500 });
  await page.reload();
  await expect(app.getByTestId('loading')).toBeVisible();
  await expect(app.getByTestId('loading')).toHaveText('Loading checklist…');
  await expect(app.getByTestId('item')).toHaveCount(2);
  await expect(app.getByTestId('loading')).toHaveCount(0);
  await faults(request, {});
});

test('an issue without a checklist says so', async ({ page }) => {
  await page.goto('/browse/TL-2');
  await expect(page.frameLocator('[data-testid=app-frame]').getByTestId('empty')).toBeVisible();
});

test('data the app cannot read is reported and left untouched', async ({ page, request }) => {
  const foreign = '{"somebody":"else","items":[1,2,3]}';
  await putIssueProperty(request, USERS.editor, 'TL-1', 'ticklist.checklist', foreign);
  await page.goto('/browse/TL-1');
  await expect(page.frameLocator('[data-testid=app-frame]').getByTestId('unreadable')).toContainText('not written by Ticklist');
  const after = await getIssueProperty(request, USERS.editor, 'TL-1', 'ticklist.checklist');
  expect((await after.json()).value).toEqual(JSON.parse(foreign));
});

test('a browse-only user can read the checklist', async ({ page, request }) => {
  await putIssueProperty(request, USERS.editor, 'TL-1', 'ticklist.checklist', checklist);
  await page.goto(`/browse/TL-1?user=${USERS.viewer}`);
  await expect(page.frameLocator('[data-testid=app-frame]').getByTestId('item')).toHaveCount(2);
});

test('rows show before their tools are built, and the tools follow a frame later, in the tab order', async ({ page, request }) => {
  await putIssueProperty(request, USERS.editor, 'TL-1', 'ticklist.checklist', checklist);
  // In the panel's frame: how many row tools existed when the rows first reached the DOM.
  await page.addInitScript(() => {
    if (!location.pathname.includes('/panel/')) return;
    const mo = new MutationObserver(() => {
      if (document.querySelectorAll('[data-testid=item]').length === 2) {
        window.__toolsWithFirstRows = document.querySelectorAll('.tl-item__tools').length;
        mo.disconnect();
      }
    });
    mo.observe(document, { childList: true, subtree: true });
  });
  await page.goto('/browse/TL-1');
  const app = page.frameLocator('[data-testid=app-frame]');
  await expect(app.getByTestId('item')).toHaveCount(2);
  const frame = page.frames().find((f) => f.url().includes('/panel/'));
  expect(await frame.evaluate(() => window.__toolsWithFirstRows)).toBe(0);
  await expect(app.locator('.tl-item__tools')).toHaveCount(2);
  // Nothing lost for the keyboard: Tab from a row's checkbox reaches its status picker.
  await app.getByTestId('item-toggle').nth(1).focus();
  await page.keyboard.press('Tab');
  await expect(app.getByTestId('item').nth(1).getByTestId('item-status')).toBeFocused();
});

// The start script passes the wasm download to the glue as a fetch that matches the page's
// preload. If it ran before the preload link was in the document, it could not match it, and the
// wasm could be downloaded twice (seen once in ten cold bench runs).
for (const mode of ['connect', 'forge']) {
  test(`${mode}: the boot script runs with the wasm preload in the document, and the wasm comes once`, async ({ page, request }) => {
    await putIssueProperty(request, USERS.editor, 'TL-1', 'ticklist.checklist', checklist);
    await page.route('**/*.start.js', async (route) => {
      const response = await route.fetch();
      const probe = "window.__preloadAtBoot = !!document.querySelector('link[rel=preload][as=fetch]');\n";
      await route.fulfill({ response, body: probe + (await response.text()) });
    });
    const wasm = [];
    page.on('request', (r) => { if (r.url().endsWith('_bg.wasm')) wasm.push(r.url()); });
    await page.goto(`/browse/TL-1?mode=${mode}`);
    await expect(page.frameLocator('[data-testid=app-frame]').getByTestId('item')).toHaveCount(2);
    const frame = page.frames().find((f) => f.url().includes('/panel/'));
    expect(await frame.evaluate(() => window.__preloadAtBoot)).toBe(true);
    expect(wasm).toHaveLength(1);
  });
}

// The parts most page views never open (details, text mode, import) are wasm modules of their own
// (the cold code, fetched at every start, is not one: e2e/coldcode.spec.mjs).
const partModules = (urls) => urls.filter((u) => u.endsWith('.wasm') && !u.endsWith('_bg.wasm') && !u.endsWith('.cold.wasm'));

for (const mode of ['connect', 'forge']) {
  test(`${mode}: an item's details are fetched the first time one is pointed at, once, and not at start-up`, async ({ page, request }) => {
    await putIssueProperty(request, USERS.editor, 'TL-1', 'ticklist.checklist', checklist);
    const wasm = [];
    page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(r.url()); });
    await page.goto(`/browse/TL-1?mode=${mode}`);
    const app = page.frameLocator('[data-testid=app-frame]');
    await expect(app.locator('.tl-item__tools')).toHaveCount(2);
    expect(wasm.filter((u) => u.endsWith('_bg.wasm'))).toHaveLength(1);
    // Only the editing code comes after the first paint (and what it shares with parts).
    expect(partModules(wasm).filter((u) => /\.(item_details|text_mode|import_box)\./.test(u))).toEqual([]);
    // Pointing at the details button starts the fetch; the click finds the code there.
    const first = app.getByTestId('item').nth(0);
    await first.hover();
    await first.getByTestId('item-details-toggle').hover();
    await expect.poll(() => partModules(wasm).some((u) => u.includes('.item_details.'))).toBe(true);
    await first.getByTestId('item-details-toggle').click();
    await expect(first.getByTestId('item-details')).toBeVisible();
    const fetched = partModules(wasm).length;
    // Another item's details, and the same ones again: no new fetch.
    const second = app.getByTestId('item').nth(1);
    await second.hover();
    await second.getByTestId('item-details-toggle').click();
    await expect(second.getByTestId('item-details')).toBeVisible();
    for (let i = 0; i < 2; i++) {
      await first.hover();
      await first.getByTestId('item-details-toggle').click();
    }
    await expect(first.getByTestId('item-details')).toBeVisible();
    expect(partModules(wasm)).toHaveLength(fetched);
    expect(partModules(wasm).every((u) => !u.includes('.text_mode.') && !u.includes('.import_box.'))).toBe(true);
  });
}

test('by keyboard, tabbing onto ≡ starts the fetch of the details, and Enter opens them', async ({ page, request }) => {
  await putIssueProperty(request, USERS.editor, 'TL-1', 'ticklist.checklist', checklist);
  const wasm = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(r.url()); });
  await page.goto('/browse/TL-1');
  const app = page.frameLocator('[data-testid=app-frame]');
  await expect(app.locator('.tl-item__tools')).toHaveCount(2);
  const row = app.getByTestId('item').nth(1);
  const toggle = row.getByTestId('item-details-toggle');
  await row.getByTestId('item-toggle').focus();
  for (let i = 0; i < 6 && !(await toggle.evaluate((e) => e === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(toggle).toBeFocused();
  await expect.poll(() => partModules(wasm).some((u) => u.includes('.item_details.'))).toBe(true);
  await page.keyboard.press('Enter');
  await expect(row.getByTestId('item-details')).toBeVisible();
});

// The code behind edits and saves is a module of its own, fetched when someone points at or
// moves into the panel: an issue view where nobody touches it never downloads it.
for (const [mode, by] of [['connect', 'keyboard'], ['forge', 'mouse']]) {
  test(`${mode}: the editing code comes when the panel is used (${by}); edits made before it is in wait, in order, and are saved`, async ({ page, request }) => {
    await putIssueProperty(request, USERS.editor, 'TL-1', 'ticklist.checklist', checklist);
    let release;
    const held = new Promise((r) => { release = r; });
    let asked = false;
    await page.route('**/*.editing.wasm', async (route) => { asked = true; await held; await route.continue(); });
    await page.goto(`/browse/TL-1?mode=${mode}`);
    const app = page.frameLocator('[data-testid=app-frame]');
    await expect(app.getByTestId('item')).toHaveCount(2);
    await page.waitForTimeout(500);
    expect(asked).toBe(false);
    const toggle = app.getByTestId('item-toggle').nth(1);
    if (by === 'keyboard') {
      await toggle.focus();
      await page.keyboard.press('Space');
    } else {
      await toggle.check();
    }
    // The fetch starts as the panel is used; its request reaches this test's route a moment later.
    await expect.poll(() => asked).toBe(true);
    await app.getByTestId('add-item').fill('Announce it');
    await app.getByTestId('add-item').press('Enter');
    // Not applied yet, and nothing reached Jira: the panel still shows what is stored, and
    // says something is on its way (leaving now would warn).
    await expect(app.getByTestId('save-status')).toHaveText('Saving…');
    await expect(app.getByTestId('progress')).toHaveText('1/2');
    await expect(app.getByTestId('item')).toHaveCount(2);
    expect((await (await getIssueProperty(request, USERS.editor, 'TL-1', 'ticklist.checklist')).json()).value).toEqual(checklist);
    release();
    await expect(app.getByTestId('item')).toHaveCount(3);
    await expect(app.getByTestId('progress')).toHaveText('2/3');
    await expect(app.getByTestId('save-status')).toHaveText('Saved', { timeout: 20_000 });
    const stored = await storedItems(request, 'TL-1');
    expect(stored.map((i) => [i.text.replace(/^<img[^>]*>/, ''), i.status])).toEqual([
      ['Write the changelog', 'done'], ['Tag the release', 'done'], ['Announce it', 'todo'],
    ]);
    // From now on an edit is applied at once.
    await app.getByTestId('item-toggle').nth(2).check();
    await expect(app.getByTestId('progress')).toHaveText('3/3');
  });
}

test('keyboard moves made before the editing code is in keep focus on the moved item once they apply', async ({ page, request }) => {
  await putIssueProperty(request, USERS.editor, 'TL-1', 'ticklist.checklist', {
    app: 'ticklist', v: 1,
    lists: [{ id: 'main', name: 'Checklist', items: ['one', 'two', 'three'].map((t, n) => ({ id: 'abc'[n], text: t, status: 'todo' })) }],
  });
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route('**/*.editing.wasm', async (route) => { await held; await route.continue(); });
  await page.goto('/browse/TL-1');
  const app = page.frameLocator('[data-testid=app-frame]');
  await expect(app.getByTestId('item')).toHaveCount(3);
  await app.getByTestId('item-toggle').nth(0).focus();
  await page.keyboard.press('Alt+ArrowDown');
  await page.keyboard.press('Alt+ArrowDown');
  await expect(app.getByTestId('item-text')).toHaveText(['one', 'two', 'three']);
  release();
  await expect(app.getByTestId('item-text')).toHaveText(['two', 'three', 'one']);
  const frame = page.frames().find((f) => f.url().includes('/panel/'));
  await expect.poll(() => frame.evaluate(() => document.activeElement?.closest('li')?.dataset.id ?? null)).toBe('a');
});

test('when the editing code cannot be fetched, a change waits and says so, and Retry makes it', async ({ page, request }) => {
  await putIssueProperty(request, USERS.editor, 'TL-1', 'ticklist.checklist', checklist);
  await page.route('**/*.editing.wasm', (route) => route.abort('internetdisconnected'));
  await page.goto('/browse/TL-1');
  const app = page.frameLocator('[data-testid=app-frame]');
  await expect(app.getByTestId('item')).toHaveCount(2);
  await app.getByTestId('add-item').fill('Announce it');
  await app.getByTestId('add-item').press('Enter');
  await expect(app.getByTestId('editing-unloaded')).toContainText("Couldn't load");
  await expect(app.getByTestId('save-status')).toContainText('Offline');
  await expect(app.getByTestId('item')).toHaveCount(2);
  await page.locator('[data-testid=app-frame]').screenshot({ path: join(shots, 'editing-unloaded.png') });
  expect((await (await getIssueProperty(request, USERS.editor, 'TL-1', 'ticklist.checklist')).json()).value).toEqual(checklist);
  // Back online: the save indicator's Retry fetches the code and the waiting change is made
  // and saved.
  await page.unroute('**/*.editing.wasm');
  await app.getByTestId('retry').click();
  await expect(app.getByTestId('editing-unloaded')).toHaveCount(0);
  await expect(app.getByTestId('item')).toHaveCount(3);
  await expect(app.getByTestId('save-status')).toHaveText('Saved', { timeout: 20_000 });
  expect((await storedItems(request, 'TL-1')).map((i) => i.text)).toContain('Announce it');
});

test('a part whose code cannot be fetched says so, the rest keeps working, and Retry fetches it', async ({ page, request }) => {
  await putIssueProperty(request, USERS.editor, 'TL-1', 'ticklist.checklist', checklist);
  await page.route('**/*.text_mode.wasm', (route) => route.abort('internetdisconnected'));
  await page.goto('/browse/TL-1');
  const app = page.frameLocator('[data-testid=app-frame]');
  await app.getByTestId('text-mode').click();
  await expect(app.getByTestId('part-unloaded')).toContainText("Couldn't load");
  await expect(app.getByTestId('text-editor')).toHaveCount(0);
  // The checklist is untouched and still answers.
  await app.getByTestId('item-toggle').nth(1).check();
  await expect(app.getByTestId('progress')).toHaveText('2/2');
  await expect(app.getByTestId('save-status')).toHaveText('Saved', { timeout: 20_000 });
  // Back online: Retry asks again and the editor opens with the checklist as text.
  await page.unroute('**/*.text_mode.wasm');
  await app.getByTestId('part-retry').click();
  await expect(app.getByTestId('text-area')).toHaveValue(/Write the changelog/);
  await expect(app.getByTestId('part-unloaded')).toHaveCount(0);
});
