// Moving a project over from another checklist app, on the project settings page: a dry run
// that writes nothing, a run through injected 429s and 500s that migrates every issue once, a
// second run that adds nothing, and a project admin kept to their own project.
import { test, expect } from '@playwright/test';
import { USERS, reset, faults, requests, clearRequests, storedItems } from './sim.mjs';

test.beforeEach(async ({ request }) => reset(request));

const writes = (log) => log.filter((r) => !r.startsWith('GET '));

test('a project admin migrates a 300-issue project once, through 429s and 500s; running again adds nothing', async ({ page, request }) => {
  test.setTimeout(300_000);
  await page.goto(`/panel/connect?view=project-settings&project=MIG&user=${USERS.projectAdmin}`);
  const m = page.getByTestId('migrate');
  await expect(m).toBeVisible();
  await expect(m.getByTestId('migrate-run')).toBeDisabled();

  await clearRequests(request);
  await m.getByTestId('migrate-dry-run').click();
  const summary = m.getByTestId('migrate-summary');
  await expect(summary).toContainText('Dry run, nothing written.', { timeout: 60_000 });
  await expect(summary).toContainText('300 issues: 299 would get items (1495 items)');
  await expect(summary).toContainText('1 skipped');
  await expect(m.getByTestId('migrate-row').filter({ hasText: 'MIG-7:' })).toContainText('skipped: the source value is not text');
  await expect(m.getByTestId('migrate-row').filter({ hasText: 'MIG-1:' })).toHaveText('MIG-1: would add 5 items');
  expect(writes(await requests(request))).toEqual([]);

  // Rate limits and server errors on the way: they are waited out and retried.
  await faults(request, { path_contains: '/rest/api/3/', error_rate: 0.03, rate_limit_next: 12, retry_after_secs: 1 });
  const started = Date.now();
  await m.getByTestId('migrate-run').click();
  await expect(m.getByTestId('migrate-pause')).toBeVisible();
  await expect(summary).toContainText('Migration finished.', { timeout: 240_000 });
  const seconds = (Date.now() - started) / 1000;
  console.log(`MIGRATION 300 issues with injected 429s/500s: ${seconds.toFixed(1)} s`);
  await expect(summary).toContainText('299 got items (1495 items)');
  await expect(summary).toContainText('0 failed');
  await faults(request, {});

  // Every issue got its checklist exactly once; the source is untouched.
  for (let n = 1; n <= 300; n++) {
    const items = (await storedItems(request, `MIG-${n}`)).map((i) => i.text);
    if (n === 7) expect(items).toEqual([]);
    else expect(items, `MIG-${n}`).toEqual(['Definition of done', 'Code reviewed', 'Tests pass', 'Docs updated', `Step ${n} in progress`]);
  }
  const one = await storedItems(request, 'MIG-1');
  expect(one.map((i) => [i.status, i.mandatory])).toEqual([['todo', false], ['todo', false], ['done', false], ['todo', true], ['inprogress', false]]);
  expect(one[3].details).toBe('in the wiki');

  // Again: the dry run finds nothing new, and the migration writes nothing.
  await m.getByTestId('migrate-dry-run').click();
  await expect(summary).toContainText('Dry run, nothing written.', { timeout: 60_000 });
  await expect(summary).toContainText('0 would get items (0 items), 299 already up to date');
  await clearRequests(request);
  await m.getByTestId('migrate-run').click();
  await expect(summary).toContainText('Migration finished.', { timeout: 60_000 });
  await expect(summary).toContainText('0 got items');
  expect(writes(await requests(request))).toEqual([]);
});

test('HeroCoders text in a custom field migrates with its meaning; pause and cancel stop the run', async ({ page, request }) => {
  test.setTimeout(120_000);
  await page.goto(`/panel/connect?view=project-settings&project=MIG&user=${USERS.projectAdmin}`);
  const m = page.getByTestId('migrate');
  await m.getByTestId('migrate-source').selectOption('field');
  await expect(m.getByTestId('migrate-source-key')).toHaveValue('customfield_10050');
  await m.getByTestId('migrate-format').selectOption('herocoders');
  await m.getByTestId('migrate-jql').fill('key in (MIG-3, MIG-4)');
  await m.getByTestId('migrate-dry-run').click();
  await expect(m.getByTestId('migrate-summary')).toContainText('2 issues: 1 would get items (4 items)');
  await expect(m.getByTestId('migrate-row').filter({ hasText: 'MIG-4:' })).toHaveText('MIG-4: no checklist in the other app');
  // The dry run vouches only for the choices it ran with.
  await m.getByTestId('migrate-jql').fill('key in (MIG-3, MIG-4, MIG-5)');
  await expect(m.getByTestId('migrate-run')).toBeDisabled();
  await m.getByTestId('migrate-jql').fill('key in (MIG-3, MIG-4)');
  await expect(m.getByTestId('migrate-run')).toBeEnabled();
  await m.getByTestId('migrate-run').click();
  await expect(m.getByTestId('migrate-summary')).toContainText('Migration finished.');
  const items = await storedItems(request, 'MIG-3');
  expect(items.map((i) => [i.text, i.status, i.mandatory, i.header])).toEqual([
    ['Release', 'todo', false, true],
    ['Release notes for 3', 'todo', true, false],
    ['Changelog', 'done', true, false],
    ['Blog post', 'todo', false, false],
  ]);
  expect(items[3].details).toBe('if marketing asks');

  // Pause holds the run; cancel ends it with what was done so far.
  await faults(request, { path_contains: '/rest/api/3/issue/', latency_ms: 300 });
  await m.getByTestId('migrate-source').selectOption('smart');
  await m.getByTestId('migrate-jql').fill('');
  await m.getByTestId('migrate-dry-run').click();
  await expect(m.getByTestId('migrate-pause')).toBeVisible();
  await m.getByTestId('migrate-pause').click();
  await expect(m.getByTestId('migrate-pause')).toHaveText('Resume');
  const count = await m.getByTestId('migrate-count').textContent();
  await page.waitForTimeout(1500);
  // Requests already in flight may land; nothing new starts.
  const held = await m.getByTestId('migrate-count').textContent();
  await page.waitForTimeout(1000);
  await expect(m.getByTestId('migrate-count')).toHaveText(held);
  expect(parseInt(held, 10) - parseInt(count, 10)).toBeLessThanOrEqual(4);
  await m.getByTestId('migrate-cancel').click();
  await expect(m.getByTestId('migrate-summary')).toContainText('Cancelled.');
});

test('a project admin cannot migrate another project', async ({ page }) => {
  // Pat administers TL but only edits OPS: OPS's settings page offers no migration.
  await page.goto(`/panel/connect?view=project-settings&project=OPS&user=${USERS.projectAdmin}`);
  await expect(page.getByTestId('settings-read-only')).toBeVisible();
  await expect(page.getByTestId('migrate')).toHaveCount(0);
  // On TL's page every query is limited to TL, whatever is typed.
  await page.goto(`/panel/connect?view=project-settings&project=TL&user=${USERS.projectAdmin}`);
  const m = page.getByTestId('migrate');
  await m.getByTestId('migrate-jql').fill('key in (OPS-1, MIG-1)');
  await m.getByTestId('migrate-dry-run').click();
  await expect(m.getByTestId('migrate-summary')).toContainText('0 issues');
});

// The migration's code (search, the four importers, the per-issue saves) is a module of its own,
// fetched when a run starts: most visits to the settings page never run one.
test('the migration code comes when a run starts; if it cannot be fetched the page says so and writes nothing', async ({ page, request }) => {
  const wasm = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(r.url()); });
  await page.route('**/*.migration.wasm', (route) => route.abort('internetdisconnected'));
  await page.goto(`/panel/connect?view=project-settings&project=MIG&user=${USERS.projectAdmin}`);
  const m = page.getByTestId('migrate');
  await expect(m).toBeVisible();
  await page.waitForTimeout(500);
  expect(wasm.some((u) => u.includes('.migration.'))).toBe(false);
  await clearRequests(request);
  await m.getByTestId('migrate-dry-run').click();
  await expect(m.getByTestId('migrate-error')).toContainText('could not be fetched');
  await expect(m.getByTestId('migrate-run')).toBeDisabled();
  expect(writes(await requests(request))).toEqual([]);
  // Back online, the same button runs it.
  await page.unroute('**/*.migration.wasm');
  await m.getByTestId('migrate-dry-run').click();
  await expect(m.getByTestId('migrate-summary')).toContainText('Dry run, nothing written.', { timeout: 60_000 });
  await expect(m.getByTestId('migrate-error')).toHaveCount(0);
});
