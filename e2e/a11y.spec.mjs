// Accessibility: axe-core (npm) on the panel with a checklist that uses every row feature, in
// Jira's light and dark themes. Serious and critical violations fail the test.
import { test, expect } from '@playwright/test';
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { USERS, reset, putIssueProperty } from './sim.mjs';

const shots = join(process.env.CARGO_TARGET_DIR || join(new URL('..', import.meta.url).pathname, 'target'), 'e2e');
mkdirSync(shots, { recursive: true });
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const checklist = {
  app: 'ticklist', v: 1,
  lists: [{ id: 'main', name: 'Release', items: [
    { id: 'h', text: 'Before', status: 'todo', header: true },
    { id: 'a', text: 'Write **notes** with [docs](https://example.com)', status: 'done' },
    { id: 'b', text: 'Tag', status: 'inprogress', mandatory: true, due: '2020-01-01', details: 'Use the script' },
    { id: 'c', text: 'Announce', status: 'blocked' },
  ] }],
};

test.beforeEach(async ({ request }) => {
  await reset(request);
  await putIssueProperty(request, USERS.editor, 'TL-1', 'ticklist.checklist', checklist);
});

for (const theme of ['light', 'dark']) {
  test(`no serious or critical accessibility violations (${theme} theme)`, async ({ page }) => {
    await page.goto(`/browse/TL-1?mode=connect&theme=${theme}`);
    const app = page.frameLocator('[data-testid=app-frame]');
    await expect(app.getByTestId('item')).toHaveCount(4);
    // Show the hidden tools and an open details panel too.
    await app.getByTestId('item').nth(2).hover();
    await app.getByTestId('item-details-toggle').nth(2).click();
    // With a change that names its author (the seeded items predate recorded authors).
    await page.locator('[data-testid=app-frame]').evaluate((f) => { f.style.width = '360px'; });
    await app.getByTestId('item-details').fill('Use the release script');
    await app.getByTestId('item-details').blur();
    await expect(app.getByTestId('item-change').first()).toContainText('Details edited · Eddie Editor · ');
    await app.getByTestId('item').nth(2).screenshot({ path: join(shots, `details-${theme}.png`) });
    // And the import with its preview and a highlighted line, at a board's side-panel width.
    await page.locator('[data-testid=app-frame]').evaluate((f) => { f.style.width = '360px'; });
    await app.getByTestId('import-open').click();
    await app.getByTestId('import-format').selectOption('smart-checklist');
    await app.getByTestId('import-text').fill('## Deploy\n- Build\n+ Test\nno sign on this rather long line here');
    await expect(app.getByTestId('import-unclear-line')).toHaveCount(1);
    await app.getByTestId('import-box').screenshot({ path: join(shots, `import-${theme}.png`) });
    const frame = page.frames().find((f) => f.url().includes('/panel/'));
    await frame.addScriptTag({ path: axePath });
    const violations = await frame.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ['violations'] });
      return r.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
    });
    expect(violations).toEqual([]);
  });
}

for (const theme of ['light', 'dark']) {
  test(`the settings page has no serious or critical accessibility violations (${theme} theme)`, async ({ page }) => {
    await page.goto(`/panel/connect?view=admin&user=${USERS.admin}&theme=${theme}`);
    // A template with items, a custom status and a default rule: every part of the page shows.
    await page.getByTestId('add-list').click();
    await page.getByTestId('new-list-name').fill('Release');
    await page.getByTestId('new-list-name').press('Enter');
    await page.getByTestId('add-item').fill('Tag the build');
    await page.getByTestId('add-item').press('Enter');
    await page.getByTestId('new-status').fill('QA review');
    await page.getByTestId('new-status').press('Enter');
    await expect(page.getByTestId('status-qa-review')).toBeVisible();
    await page.addScriptTag({ path: axePath });
    const violations = await page.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ['violations'] });
      return r.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
    });
    expect(violations).toEqual([]);
  });
}
