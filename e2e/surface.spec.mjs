// The panel a Jira user meets: any width (a board's side panel is 360–600 px), any key, nothing
// removed by accident, a screen that never contradicts itself. Screenshots land in target/e2e/.
import { test, expect } from '@playwright/test';
import { join } from 'node:path';
import { USERS, reset, faults, putIssueProperty, storedItems, storedLists } from './sim.mjs';

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
