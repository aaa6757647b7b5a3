// Settings pages: templates, default templates and statuses, guarded by Jira's own permissions.
import { test, expect } from '@playwright/test';
import { USERS, reset, storedItems, auth, extraContext, closeExtraContexts, choose, typeTemplate } from './sim.mjs';

test.afterEach(closeExtraContexts);

test.beforeEach(async ({ request }) => reset(request));

const app = (page) => page.frameLocator('[data-testid=app-frame]');

/** Adds a template with the given items on an open settings page. */
async function addTemplate(frame, name, items) {
  const section = await typeTemplate(frame, name, items);
  await expect(section.getByTestId('item')).toHaveCount(items.length);
}

async function settled(frame) {
  await expect(frame.getByTestId('save-status')).toHaveText('Saved', { timeout: 20_000 });
}

async function property(request, user, path) {
  const r = await request.get(`/rest/api/3/${path}`, { headers: auth(user) });
  return r.status() === 200 ? (await r.json()).value : null;
}

for (const mode of ['connect', 'forge']) {
  test(`${mode}: a Jira admin's default template for Bugs is applied when an editor opens a new Bug`, async ({ page, request }) => {
    await page.goto(`/admin/ticklist?user=${USERS.admin}&mode=${mode}`);
    const admin = app(page);
    await expect(admin.getByTestId('settings-scope')).toContainText('Global');
    await addTemplate(admin, 'Bug triage', ['## Triage', 'Reproduced', 'Severity set']);
    const triageId = await admin.locator('[data-testid=default-template-any] option', { hasText: 'Bug triage' }).getAttribute('value');
    await admin.getByTestId('default-template-10002').selectOption(triageId);
    await admin.getByTestId('default-apply-10002').selectOption('auto');
    await settled(admin);
    // Stored on every issue type (only Jira admins can write those), never as an app property.
    for (const type of ['10001', '10002', '10003']) {
      const copy = await property(request, USERS.editor, `issuetype/${type}/properties/ticklist.settings`);
      expect(copy?.meta?.['default.10002']?.v).toBe(`${triageId} auto`);
    }

    // TL-2 is a Bug with no checklist: the editor opens it and gets the template, once.
    await page.goto(`/browse/TL-2?user=${USERS.editor}&mode=${mode}`);
    const panel = app(page);
    await expect(panel.getByTestId('item')).toHaveCount(3);
    await expect(panel.getByTestId('save-status')).toHaveText('Saved', { timeout: 20_000 });
    expect((await storedItems(request, 'TL-2')).map((i) => i.text)).toEqual(['Triage', 'Reproduced', 'Severity set']);
    // Cleared by the user, it does not come back on the next visit.
    for (let n = 3; n > 0; n--) {
      await panel.getByTestId('item').first().hover();
      await panel.getByTestId('item-delete').first().click();
      await expect(panel.getByTestId('item')).toHaveCount(n - 1);
    }
    await expect(panel.getByTestId('save-status')).toHaveText('Saved', { timeout: 20_000 });
    await page.reload();
    await expect(app(page).getByTestId('empty')).toBeVisible();
    await expect(app(page).getByTestId('item')).toHaveCount(0);
    expect(await storedItems(request, 'TL-2')).toEqual([]);
  });
}

// Applying a default is an edit: the panel fetches the editing code as it opens a new issue
// that gets one. If that code cannot be fetched, nothing is applied or stored, and the next
// open applies the template.
test('a default template waits for the editing code; if it cannot come, the next open applies it', async ({ page, request }) => {
  await page.goto(`/admin/ticklist?user=${USERS.admin}`);
  const admin = app(page);
  await addTemplate(admin, 'Bug triage', ['Reproduced', 'Severity set']);
  const triageId = await admin.locator('[data-testid=default-template-any] option', { hasText: 'Bug triage' }).getAttribute('value');
  await admin.getByTestId('default-template-10002').selectOption(triageId);
  await admin.getByTestId('default-apply-10002').selectOption('auto');
  await settled(admin);

  await page.route('**/app/*.editing.wasm', (route) => route.abort('internetdisconnected'));
  await page.goto(`/browse/TL-2?user=${USERS.editor}`);
  await expect(app(page).getByTestId('empty')).toBeVisible();
  await expect(app(page).getByTestId('item')).toHaveCount(0);
  await page.waitForTimeout(500);
  expect(await storedItems(request, 'TL-2')).toEqual([]);

  await page.unroute('**/app/*.editing.wasm');
  const editing = [];
  page.on('request', (r) => { if (r.url().endsWith('.editing.wasm')) editing.push(r.url()); });
  await page.reload();
  await expect(app(page).getByTestId('item')).toHaveCount(2);
  expect(editing).toHaveLength(1);
  await expect(app(page).getByTestId('save-status')).toHaveText('Saved', { timeout: 20_000 });
  expect((await storedItems(request, 'TL-2')).map((i) => i.text)).toEqual(['Reproduced', 'Severity set']);
});

test('an offered default waits for the user; Apply template adds or, after confirming, replaces', async ({ page, request }) => {
  await page.goto(`/project/TL/settings/ticklist?user=${USERS.projectAdmin}`);
  const pa = app(page);
  await expect(pa.getByTestId('settings-scope')).toContainText('TL');
  await addTemplate(pa, 'Story DoD', ['Code reviewed', 'Docs updated']);
  const id = await pa.locator('[data-testid=default-template-any] option', { hasText: 'Story DoD' }).getAttribute('value');
  await pa.getByTestId('default-template-any').selectOption(id);
  await settled(pa);
  expect((await property(request, USERS.editor, 'project/TL/properties/ticklist.settings')).meta['default.*'].v).toBe(`${id} offer`);

  await page.goto(`/browse/TL-3?user=${USERS.editor}`);
  const panel = app(page);
  await expect(panel.getByTestId('default-offer')).toContainText('Story DoD');
  await expect(panel.getByTestId('item')).toHaveCount(0);
  await panel.getByTestId('offer-apply').click();
  await expect(panel.getByTestId('item')).toHaveCount(2);
  await expect(panel.getByTestId('default-offer')).toHaveCount(0);

  await panel.getByTestId('add-item').fill('Own item');
  await panel.getByTestId('add-item').press('Enter');
  await choose(panel.getByTestId('apply-template'), { label: 'Story DoD' });
  await panel.getByTestId('template-append').click();
  await expect(panel.getByTestId('item')).toHaveCount(5);
  await choose(panel.getByTestId('apply-template'), { label: 'Story DoD' });
  await panel.getByTestId('template-replace').click();
  await expect(panel.getByTestId('item')).toHaveCount(5); // nothing happens before confirming
  await panel.getByTestId('template-replace-confirm').click();
  await expect(panel.getByTestId('item')).toHaveCount(2);
  await expect(panel.getByTestId('save-status')).toHaveText('Saved', { timeout: 20_000 });
  expect((await storedItems(request, 'TL-3')).map((i) => i.text)).toEqual(['Code reviewed', 'Docs updated']);
});

test('a project admin manages only their project; editors and viewers cannot change settings', async ({ page, request }) => {
  // Jira refuses the admin page to anyone but Jira admins, and project settings to non-admins.
  for (const [user, url] of [
    [USERS.projectAdmin, '/admin/ticklist'],
    [USERS.editor, '/admin/ticklist'],
    [USERS.editor, '/project/TL/settings/ticklist'],
    [USERS.viewer, '/project/TL/settings/ticklist'],
    [USERS.projectAdmin, '/project/OPS/settings/ticklist'],
  ]) {
    const r = await page.goto(`${url}?user=${user}`);
    expect(r.status(), `${url} as ${user}`).toBe(403);
    await expect(page.getByTestId('no-access')).toBeVisible();
  }
  // Loaded directly, the app itself offers no editing to someone who is not an admin.
  await page.goto(`/panel/connect?view=admin&user=${USERS.editor}`);
  await expect(page.getByTestId('settings-read-only')).toBeVisible();
  await expect(page.getByTestId('add-list')).toHaveCount(0);
  await expect(page.getByTestId('default-template-any')).toBeDisabled();
  await page.goto(`/panel/connect?view=project-settings&project=TL&user=${USERS.viewer}`);
  await expect(page.getByTestId('settings-read-only')).toBeVisible();
  await page.goto(`/panel/connect?view=project-settings&project=OPS&user=${USERS.projectAdmin}`);
  await expect(page.getByTestId('settings-read-only')).toBeVisible();
  await page.goto(`/panel/connect?view=project-settings&project=TL&user=${USERS.projectAdmin}`);
  await expect(page.getByTestId('add-list')).toBeVisible();
  await expect(page.getByTestId('settings-read-only')).toHaveCount(0);

  // And Jira refuses forged writes, whatever the UI shows.
  const forged = JSON.stringify({ app: 'ticklist', v: 2, parts: 1, lists: {}, items: {}, meta: {} });
  const put = (user, path) => request.put(`/rest/api/3/${path}`, { headers: { ...auth(user), 'Content-Type': 'application/json' }, data: forged });
  expect((await put(USERS.editor, 'issuetype/10001/properties/ticklist.settings')).status()).toBe(403);
  expect((await put(USERS.projectAdmin, 'issuetype/10001/properties/ticklist.settings')).status()).toBe(403);
  expect((await put(USERS.editor, 'project/TL/properties/ticklist.settings')).status()).toBe(403);
  expect((await put(USERS.projectAdmin, 'project/OPS/properties/ticklist.settings')).status()).toBe(403);
  expect((await put(USERS.projectAdmin, 'project/TL/properties/ticklist.settings')).status()).toBe(201);
});

test('two admins editing the same template at once both keep their changes', async ({ browser, request }) => {
  const a = await (await extraContext(browser)).newPage();
  const b = await (await extraContext(browser)).newPage();
  await a.goto(`/admin/ticklist?user=${USERS.admin}`);
  await addTemplate(app(a), 'Release', ['Tag the build']);
  await settled(app(a));
  await b.goto(`/admin/ticklist?user=${USERS.admin}&mode=forge`);
  await expect(app(b).getByTestId('item')).toHaveCount(1);
  // Both edit the same template before either sees the other's change.
  await app(a).getByTestId('add-item').fill('Write release notes');
  await app(b).getByTestId('add-item').fill('Announce in #releases');
  await app(a).getByTestId('add-item').press('Enter');
  await app(b).getByTestId('add-item').press('Enter');
  await settled(app(a));
  await settled(app(b));
  await a.reload();
  await expect(app(a).getByTestId('item')).toHaveCount(3);
  const copy = await property(request, USERS.admin, 'issuetype/10003/properties/ticklist.settings');
  const texts = Object.values(copy.items).filter((i) => !i.x).map((i) => i.t).sort();
  expect(texts).toEqual(['Announce in #releases', 'Tag the build', 'Write release notes']);
});

test('statuses: an admin adds one, the panel offers it; retiring keeps items readable', async ({ page }) => {
  await page.goto(`/admin/ticklist?user=${USERS.admin}`);
  const admin = app(page);
  await admin.getByTestId('new-status').fill('QA review');
  await admin.getByTestId('new-status').press('Enter');
  await expect(admin.getByTestId('status-qa-review')).toBeVisible();
  await admin.getByTestId('status-qa-review').getByTestId('status-colour').fill('#22A06B');
  await admin.getByTestId('status-qa-review').getByTestId('status-colour').press('Tab');
  await expect(admin.getByTestId('status-qa-review').getByTestId('status-colour')).toHaveValue('#22a06b');
  await addTemplate(admin, 'QA', ['Check it']);
  await settled(admin);

  await page.goto(`/browse/TL-3?user=${USERS.editor}`);
  const panel = app(page);
  await panel.getByTestId('add-item').fill('Needs QA');
  await panel.getByTestId('add-item').press('Enter');
  await choose(panel.getByTestId('item-status'), 'qa-review');
  // The admin's colour shows beside the picker.
  await expect(panel.getByTestId('item-status')).toHaveAttribute('style', /#22a06b/);
  await expect(panel.getByTestId('save-status')).toHaveText('Saved', { timeout: 20_000 });

  await page.goto(`/admin/ticklist?user=${USERS.admin}`);
  await app(page).getByTestId('status-qa-review').getByTestId('status-retire').click();
  await expect(app(page).getByTestId('status-qa-review').getByTestId('status-retired-note')).toBeVisible();
  await settled(app(page));

  await page.goto(`/browse/TL-3?user=${USERS.editor}`);
  const after = app(page);
  await expect(after.getByTestId('item')).toHaveCount(1);
  // Still named (not "unknown"), and no longer offered for other items.
  await expect(after.getByTestId('item-status')).toHaveAttribute('data-value', 'qa-review');
  await expect(after.getByTestId('item-status')).toHaveText('QA review');
});

test('export and import move settings between sites', async ({ page }) => {
  await page.goto(`/admin/ticklist?user=${USERS.admin}`);
  const admin = app(page);
  await addTemplate(admin, 'Onboarding', ['Laptop', 'Accounts']);
  await admin.getByTestId('export-settings').click();
  const json = await admin.getByTestId('export-json').inputValue();
  expect(JSON.parse(json).templates[0].name).toBe('Onboarding');
  await settled(admin);

  await page.goto(`/project/OPS/settings/ticklist?user=${USERS.admin}`);
  const ops = app(page);
  await ops.getByTestId('import-settings').click();
  await ops.getByTestId('import-json').fill('{"not": "an export"}');
  await ops.getByTestId('import-run').click();
  await expect(ops.getByTestId('notice')).toContainText('not a Ticklist settings export');
  await ops.getByTestId('import-json').fill(json);
  await ops.getByTestId('import-run').click();
  await expect(ops.getByTestId('checklist')).toHaveCount(1);
  await expect(ops.getByTestId('item')).toHaveCount(2);
  await settled(ops);
});

test('unreadable settings are shown and kept until an admin replaces them', async ({ page, request }) => {
  const put = (path, data) => request.put(`/rest/api/3/${path}`, { headers: { ...auth(USERS.admin), 'Content-Type': 'application/json' }, data });
  expect((await put('project/TL/properties/ticklist.settings', '{"someone":"else"}')).status()).toBe(201);
  // The panel still works with the defaults.
  await page.goto(`/browse/TL-1?user=${USERS.editor}`);
  await expect(app(page).getByTestId('add-item')).toBeVisible();
  await page.goto(`/project/TL/settings/ticklist?user=${USERS.projectAdmin}`);
  const pa = app(page);
  await expect(pa.getByTestId('unreadable')).toBeVisible();
  await expect(pa.getByTestId('export')).toHaveValue('{"someone":"else"}');
  expect(await property(request, USERS.admin, 'project/TL/properties/ticklist.settings')).toEqual({ someone: 'else' });
  await pa.getByTestId('replace-settings').click();
  await pa.getByTestId('confirm-replace').click();
  await expect(app(page).getByTestId('settings')).toBeVisible();
  expect(await property(request, USERS.admin, 'project/TL/properties/ticklist.settings')).toBe(null);
});

test('a copy of the global settings missing on an issue type is restored when an admin opens the page', async ({ page, request }) => {
  await page.goto(`/admin/ticklist?user=${USERS.admin}`);
  await addTemplate(app(page), 'Release', ['Tag the build']);
  await settled(app(page));
  // The copy on Task (10003) disappears, as for an issue type created after the last save.
  const del = await request.delete('/rest/api/3/issuetype/10003/properties/ticklist.settings', { headers: auth(USERS.admin) });
  expect(del.status()).toBe(204);
  await page.reload();
  await expect(app(page).getByTestId('item')).toHaveCount(1);
  const names = async () => Object.values((await property(request, USERS.editor, 'issuetype/10003/properties/ticklist.settings'))?.lists ?? {}).map((l) => l.n);
  await expect.poll(names, { timeout: 10_000 }).toEqual(['Release']);
});

// Settings changes are in the editing module too (fetched as the page opens): a change made
// before it is in waits for it and is saved; an import of settings is refused meanwhile rather
// than taken from its box and refused later.
test('a settings change made before the editing code is in waits for it; an import says to try again and keeps its text', async ({ page }) => {
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route('**/settings/*.editing.wasm', async (route) => { await held; await route.continue(); });
  await page.goto(`/project/OPS/settings/ticklist?user=${USERS.admin}`);
  const ops = app(page);
  await ops.getByTestId('opt-collapse-done').check();
  await expect(ops.getByTestId('save-status')).toHaveText('Saving…');
  await ops.getByTestId('import-settings').click();
  await ops.getByTestId('import-json').fill('{"app": "ticklist"}');
  await ops.getByTestId('import-run').click();
  await expect(ops.getByTestId('notice')).toContainText('try again in a moment');
  await expect(ops.getByTestId('import-json')).toHaveValue('{"app": "ticklist"}');
  release();
  await settled(ops);
  await page.reload();
  await expect(app(page).getByTestId('opt-collapse-done')).toBeChecked();
});
