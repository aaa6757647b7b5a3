import { test, expect } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { contentHash, stemFor } from '../scripts/content-names.mjs';
import { join } from 'node:path';
import { USERS, reset, putIssueProperty, requests, clearRequests } from './sim.mjs';

const dist = join(new URL('..', import.meta.url).pathname, 'dist');
const checklist = {
  app: 'ticklist', v: 1,
  lists: [{ id: 'main', name: 'DoD', items: [
    { id: 'a', text: 'Reviewed', status: 'done' }, { id: 'b', text: 'Documented', status: 'todo' },
  ] }],
};

test.beforeEach(async ({ request }) => reset(request));

const ALL_JS = 'https://connect-cdn.atl-paas.net/all.js';

test('the release pages have no inline script and only relative asset paths', () => {
  for (const page of ['index.html', 'connect.html', 'settings/index.html', 'settings/connect.html']) {
    const html = readFileSync(join(dist, page), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(body.trim()).toBe('');
      // Our own files by relative path; in connect.html also Atlassian's all.js.
      const src = attrs.match(/src="([^"]+)"/)?.[1];
      if (page.endsWith('connect.html') && src === ALL_JS) continue;
      expect(src).toMatch(/^\.\//);
    }
    expect(html).not.toMatch(/(src|href)="\/(?!\/)/);
    expect(html.includes(ALL_JS)).toBe(page.endsWith('connect.html'));
  }
});

// Served immutable, so every name must change with its bytes: the wasm files are rewritten after
// trunk named them (scripts/startup-split.mjs), so their stem is a hash of what they finally hold,
// and the start script's name a hash of its own text (scripts/content-names.mjs).
test('the release files are named by what they hold, after the start-up split', () => {
  for (const bundle of ['', 'settings']) {
    const dir = join(dist, bundle);
    const files = readdirSync(dir);
    const main = files.filter((f) => f.endsWith('_bg.wasm'));
    expect(main).toHaveLength(1);
    const stem = main[0].slice(0, -'_bg.wasm'.length);
    expect(files).toContain(`${stem}.cold.wasm`);
    expect(stemFor(dir, stem)).toBe(stem);
    const start = files.filter((f) => f.endsWith('.start.js'));
    expect(start).toHaveLength(1);
    expect(start[0]).toBe(`${stem}-${contentHash(readFileSync(join(dir, start[0])))}.start.js`);
    const code = readFileSync(join(dir, start[0]), 'utf8');
    expect(code).toContain(`${stem}.cold.wasm`);
    // Chromium compiles the whole script as it streams in, off the main thread, only when this
    // hint is its first line (scripts/split-wasm.mjs).
    expect(code.split('\n', 1)[0]).toBe('//# allFunctionsCalledOnLoad');
    for (const page of ['index.html', 'connect.html']) {
      const html = readFileSync(join(dir, page), 'utf8');
      expect(html).toContain(`src="./${start[0]}"`);
      expect(html).toContain(`href="./${stem}_bg.wasm"`);
    }
  }
});

for (const mode of ['connect', 'forge']) {
  test(`${mode} mode runs the same bundle end to end`, async ({ page, request }) => {
    await putIssueProperty(request, USERS.editor, 'TL-1', 'ticklist.checklist', checklist);
    const problems = [];
    page.on('console', (m) => {
      // An absent settings property is Jira's normal 404; the simulator's Forge bridge fetches
      // inside the iframe (Jira's does it outside), so Chromium logs it. Anything else counts.
      // Likewise the summary the simulator's page reads for the Forge lozenge (Jira's function
      // runs on Atlassian's side) before the first save has written it.
      const absent = m.text().includes('status of 404') && /\/properties\/ticklist\.(settings|summary)$/.test(m.location().url);
      if (m.type() === 'error' && !absent) problems.push(`${m.text()} ${m.location().url}`);
    });
    page.on('pageerror', (e) => problems.push(e.message));
    const panel = page.waitForResponse((r) => r.url().includes(`/panel/${mode}`));
    await page.goto(`/browse/TL-1?mode=${mode}`);
    const csp = (await panel).headers()['content-security-policy'];
    if (mode === 'forge') {
      expect(csp).toContain("script-src 'self' 'unsafe-eval';");
      expect(csp).not.toContain('unsafe-inline');
    }
    const app = page.frameLocator('[data-testid=app-frame]');
    await expect(app.getByTestId('item')).toHaveCount(2);
    await expect(app.getByTestId('progress')).toHaveText('1/2');
    // The start script holds the Forge bridge; only a Forge page starts it.
    const bridgeStarted = await page.frames()[1].evaluate(() => typeof globalThis.__ticklistForge === 'object');
    expect(bridgeStarted).toBe(mode === 'forge');
    // One script, no module hops before the wasm can start.
    const scripts = await page.frames()[1].evaluate(() =>
      performance.getEntriesByType('resource').map((e) => e.name.split('/').pop()).filter((n) => /^(boot|forge-bridge|ticklist-.*)\.js$/.test(n)));
    expect(scripts).toEqual([expect.stringMatching(/^ticklist-[0-9a-f]+-[0-9a-f]{16}\.start\.js$/)]);
    expect(problems).toEqual([]);
  });
}

// The head start: Forge's bridge bundle (once it has the context) and Connect's boot.js (from the
// issue id the descriptor puts in the panel's URL) ask for the checklist before the wasm runs.
test('connect: the checklist is asked for while the app is still loading, and only once', async ({ page, request }) => {
  await putIssueProperty(request, USERS.editor, 'TL-1', 'ticklist.checklist', checklist);
  await page.goto('/browse/TL-1?mode=connect');
  const app = page.frameLocator('[data-testid=app-frame]');
  await expect(app.getByTestId('item')).toHaveCount(2);
  const frame = page.frames().find((f) => f.url().includes('/panel/connect'));
  const { asked, used } = await frame.evaluate(() => window.__ticklistEarly);
  // Asked before the wasm started, and the app took that answer instead of asking.
  expect(asked).toEqual(['/rest/api/3/issue/10100/properties/ticklist.checklist']);
  expect(used).toEqual(asked);
  const reads = (await requests(request)).filter((r) => r.startsWith(`GET ${asked[0]}`));
  expect(reads).toHaveLength(1);
});

// On Forge the bridge bundle has the whole context, so a panel whose iframe has no copy of the
// settings and permission asks for those ahead too; with the copy it asks for the checklist only,
// as the app does. Each path must be the app's byte for byte, or the app asks again.
test('forge: everything the panel opens with is asked for while the app is still loading, once', async ({ page, request }) => {
  await putIssueProperty(request, USERS.editor, 'TL-1', 'ticklist.checklist', checklist);
  const open = async () => {
    await clearRequests(request);
    await page.goto('/browse/TL-1?mode=forge');
    const app = page.frameLocator('[data-testid=app-frame]');
    await expect(app.getByTestId('item')).toHaveCount(2);
    const frame = page.frames().find((f) => f.url().includes('/panel/forge'));
    return frame.evaluate(() => window.__ticklistEarly);
  };
  const first = await open();
  expect(first.asked).toEqual([
    '/rest/api/3/issue/10100/properties/ticklist.checklist',
    '/rest/api/3/mypermissions?issueKey=TL-1&permissions=BROWSE_PROJECTS,EDIT_ISSUES,ADMINISTER_PROJECTS,ADMINISTER,CREATE_ISSUES,LINK_ISSUES',
    expect.stringMatching(/^\/rest\/api\/3\/issuetype\/\w+\/properties\/ticklist\.settings$/),
    expect.stringMatching(/^\/rest\/api\/3\/project\/\w+\/properties\/ticklist\.settings$/),
  ]);
  expect([...first.used].sort()).toEqual([...first.asked].sort());
  const seen = await requests(request);
  for (const path of first.asked) expect(seen.filter((r) => r === `GET ${path}`)).toHaveLength(1);
  // Opened again in the same browser: the iframe has its copy, and the app reads the checklist only.
  const again = await open();
  expect(again.asked).toEqual(['/rest/api/3/issue/10100/properties/ticklist.checklist']);
  expect(again.used).toEqual(again.asked);
  expect((await requests(request)).filter((r) => r.startsWith('GET /rest/api/3/issue/10100/properties/ticklist.checklist'))).toHaveLength(1);
});

test('connect: an issue without a checklist opens empty after the head start\'s 404', async ({ page }) => {
  await page.goto('/browse/TL-3?mode=connect');
  const app = page.frameLocator('[data-testid=app-frame]');
  await expect(app.getByTestId('empty')).toBeVisible();
  const frame = page.frames().find((f) => f.url().includes('/panel/connect'));
  const { used } = await frame.evaluate(() => window.__ticklistEarly);
  expect(used).toHaveLength(1);
});

test('forge: the settings pages ask for no checklist ahead', async ({ page }) => {
  await page.goto(`/admin/ticklist?user=${USERS.admin}&mode=forge`);
  const app = page.frameLocator('[data-testid=app-frame]');
  await expect(app.getByTestId('settings-scope')).toContainText('Global');
  const frame = page.frames().find((f) => f !== page.mainFrame());
  const { asked, used } = await frame.evaluate(() => window.__ticklistEarly);
  expect(asked).toEqual([]);
  expect(used).toEqual([]);
});

// Forge does not promise application/wasm, and streaming instantiation refuses anything else: the
// glue then takes the bytes (with a console warning) and the panel starts all the same.
for (const mode of ['connect', 'forge']) {
  test(`${mode}: the app starts when the wasm is not served as application/wasm`, async ({ page, request }) => {
    await putIssueProperty(request, USERS.editor, 'TL-1', 'ticklist.checklist', checklist);
    await page.route(/_bg\.wasm$/, async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'content-type': 'application/octet-stream' } });
    });
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`/browse/TL-1?mode=${mode}`);
    const app = page.frameLocator('[data-testid=app-frame]');
    await expect(app.getByTestId('item')).toHaveCount(2);
    expect(errors).toEqual([]);
  });
}

// A start that cannot happen says so in the panel, in both modes: the wasm not served, or (Forge)
// a bridge the app cannot talk through. Nothing else is thrown at the page.
for (const mode of ['connect', 'forge']) {
  test(`${mode}: a panel whose code cannot load says so`, async ({ page }) => {
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.route('**/*_bg.wasm', (route) => route.fulfill({ status: 404, body: 'gone' }));
    await page.goto(`/browse/TL-1?mode=${mode}`);
    const note = page.frameLocator('[data-testid=app-frame]').getByTestId('boot-error');
    await expect(note).toContainText('Ticklist could not start');
    await expect(note).toContainText('404');
    expect(errors).toEqual([]);
  });
}

test('forge: a bridge the app cannot talk through is reported, not swallowed', async ({ page }) => {
  // Jira's `__bridge` without its `callBridge` (the page's own scripts cannot replace it).
  await page.addInitScript(() => {
    if (!location.pathname.startsWith('/panel/')) return;
    Object.defineProperty(window, '__bridge', { get: () => ({}), set: () => {}, configurable: false });
  });
  await page.goto('/browse/TL-1?mode=forge');
  const note = page.frameLocator('[data-testid=app-frame]').getByTestId('boot-error');
  await expect(note).toContainText('Ticklist could not start');
  await expect(note).toContainText('Custom UI bridge');
});
