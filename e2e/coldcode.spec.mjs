// The code a start-up never calls is a wasm module of its own (scripts/startup-split.mjs): the
// glue fetches it at the first frame after the app starts (or after 100 ms without one) and
// instantiates it after the next. The first rows must not need it; a call into it before it is
// in loads it at once; and when it cannot be loaded at all, the panel says so.
import { test, expect } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { trampolines } from '../scripts/cold-split.mjs';
import { USERS, reset, faults, putIssueProperty, storedItems } from './sim.mjs';

const checklist = {
  app: 'ticklist', v: 1,
  lists: [{ id: 'main', name: 'Release steps', items: [
    { id: 'a', text: 'Write the changelog', status: 'done' },
    { id: 'b', text: 'Tag the release', status: 'todo', mandatory: true, due: '2020-01-01', details: 'Use the script' },
  ] }],
};

test.beforeEach(async ({ request }) => {
  await reset(request);
  await putIssueProperty(request, USERS.editor, 'TL-1', 'ticklist.checklist', checklist);
});

/** Requests for the cold module, by kind: the glue's `fetch`, or the synchronous `xhr`. */
function watchCold(page) {
  const seen = [];
  page.on('request', (r) => { if (r.url().endsWith('.cold.wasm')) seen.push(r.resourceType()); });
  return seen;
}

/** What the rows show before the cold module is in, tools aside: the markup of each row (with
 * the hidden text a screen reader reads), the list names and the progress. The cold module also
 * writes data into the shared memory (scripts/cold-data.mjs); read too early, it would show here. */
const rowsAsShown = (page) => page.frames().find((f) => f.url().includes('/panel/')).evaluate(() => {
  const rows = [...document.querySelectorAll('[data-testid=item]')].map((row) => {
    const copy = row.cloneNode(true);
    copy.querySelectorAll('.tl-item__tools').forEach((t) => t.remove());
    // Leptos's empty markers (<!---->) mark where the tools go.
    return copy.outerHTML.replaceAll('<!---->', '');
  });
  const lists = [...document.querySelectorAll('h2, h3, [data-testid=progress]')].map((e) => e.textContent);
  return { rows, lists };
});

const tagIsDone = async (request) => (await storedItems(request, 'TL-1')).find((i) => i.id === 'b')?.status;

for (const mode of ['connect', 'forge']) {
  test(`${mode}: the first rows come without the cold code; what follows the first paint waits for its one fetch`, async ({ page, request }) => {
    const seen = watchCold(page);
    // The fetch is held: if the start-up needed the cold code, it would have to load it
    // synchronously (an xhr) or never show the rows.
    let release;
    let held;
    const hold = () => { held = new Promise((r) => { release = r; }); };
    hold();
    await page.route('**/*.cold.wasm', async (route) => {
      if (route.request().resourceType() === 'fetch') await held;
      await route.continue();
    });
    await page.goto(`/browse/TL-1?mode=${mode}`);
    const app = page.frameLocator('[data-testid=app-frame]');
    await expect(app.getByTestId('item')).toHaveCount(2);
    await expect(app.getByTestId('progress')).toHaveText('1/2');
    await expect(app.getByTestId('item-text').nth(1)).toHaveText('Tag the release');
    // The row tools and the add box come after the first paint, with the cold code.
    await page.waitForTimeout(500);
    await expect(app.locator('.tl-item__tools')).toHaveCount(0);
    await expect(app.getByTestId('add-item')).toHaveCount(0);
    expect(seen).toEqual(['fetch']);
    const early = await rowsAsShown(page);
    expect(early.rows.join('')).toContain('Use the script');
    release();
    await expect(app.locator('.tl-item__tools')).toHaveCount(2);
    await expect(app.getByTestId('add-item')).toHaveCount(1);
    expect(await rowsAsShown(page)).toEqual(early);
    await app.getByTestId('item-toggle').nth(1).check();
    await expect.poll(() => tagIsDone(request)).toBe('done');
    expect(seen).toEqual(['fetch']);
    // Opened again, with the settings and the permission from the iframe's cache (the way most
    // opens go): still no synchronous load before the rows.
    seen.length = 0;
    hold();
    await page.goto(`/browse/TL-1?mode=${mode}`);
    await expect(app.getByTestId('item')).toHaveCount(2);
    await expect(app.locator('.tl-item__tools')).toHaveCount(0);
    expect(seen).toEqual(['fetch']);
    release();
    await expect(app.locator('.tl-item__tools')).toHaveCount(2);
  });
}

test('a slow Jira: the loading note and then the rows come without the cold code', async ({ page, request }) => {
  const seen = watchCold(page);
  await page.route('**/*.cold.wasm', async (route) => {
    if (route.request().resourceType() === 'fetch') await new Promise((r) => setTimeout(r, 4000));
    await route.continue();
  });
  await faults(request, { path_contains: 'ticklist.checklist', method: 'GET', latency_ms: 1500 });
  await page.goto('/browse/TL-1?mode=forge');
  const app = page.frameLocator('[data-testid=app-frame]');
  await expect(app.getByTestId('loading')).toHaveText('Loading checklist…');
  await expect(app.getByTestId('item')).toHaveCount(2);
  expect(seen).toEqual(['fetch']);
  await faults(request, {});
});

test('a long checklist opens without the cold code, before and after the app saved it in parts', async ({ page, request }) => {
  const long = { app: 'ticklist', v: 1, lists: [{ id: 'main', name: 'Long', items: Array.from({ length: 300 }, (_, i) => ({
    id: `i${i}`, text: `Item ${i} ${'x'.repeat(60)}`, status: i % 3 === 0 ? 'done' : 'todo',
  })) }] };
  await putIssueProperty(request, USERS.editor, 'TL-1', 'ticklist.checklist', long);
  const seen = watchCold(page);
  let delay = 3000;
  await page.route('**/*.cold.wasm', async (route) => {
    if (route.request().resourceType() === 'fetch') await new Promise((r) => setTimeout(r, delay));
    await route.continue();
  });
  const app = page.frameLocator('[data-testid=app-frame]');
  await page.goto('/browse/TL-1');
  await expect(app.getByTestId('item')).toHaveCount(300);
  await page.waitForTimeout(500);
  expect(seen).toEqual(['fetch']);
  // Saved by the app (in parts), then opened again.
  delay = 0;
  await expect(app.locator('.tl-item__tools')).toHaveCount(300);
  await app.getByTestId('item-toggle').nth(1).check();
  await expect(app.getByTestId('save-status')).toHaveText('Saved', { timeout: 20_000 });
  expect((await (await request.get('/rest/api/3/issue/TL-1/properties/ticklist.checklist', { headers: { Authorization: 'Basic ' + Buffer.from(`${USERS.editor}:`).toString('base64') } })).json()).value.parts).toBeGreaterThan(1);
  delay = 3000;
  seen.length = 0;
  await page.goto('/browse/TL-1');
  await expect(app.getByTestId('item')).toHaveCount(300);
  await page.waitForTimeout(500);
  expect(seen).toEqual(['fetch']);
});

test('a call into the cold code before its fetch is answered loads it there and then', async ({ page, request }) => {
  const seen = watchCold(page);
  // The glue's fetch never gets an answer; the synchronous load does.
  await page.route('**/*.cold.wasm', async (route) => {
    if (route.request().resourceType() === 'fetch') return;
    await route.continue();
  });
  await page.goto('/browse/TL-1?mode=forge');
  const app = page.frameLocator('[data-testid=app-frame]');
  await expect(app.getByTestId('item')).toHaveCount(2);
  await app.getByTestId('item-toggle').nth(1).check();
  await expect.poll(() => tagIsDone(request)).toBe('done');
  await expect(app.getByTestId('progress')).toHaveText('2/2');
  expect(seen).toEqual(['fetch', 'xhr']);
  await expect(app.getByTestId('code-unloaded')).toHaveCount(0);
  // Where it was needed is kept for a test to report (a wasm frame names the function's index).
  const frame = page.frames().find((f) => f.url().includes('/panel/'));
  expect(await frame.evaluate(() => globalThis.__ticklistColdCaller)).toMatch(/wasm-function\[\d+\]/);
});

test('an iframe that paints no frame still fetches the cold code, and runs it once it paints', async ({ page }) => {
  const seen = watchCold(page);
  // The panel's frame gets no animation frames (as an iframe out of view) until `__paint()`.
  await page.addInitScript(() => {
    if (!location.pathname.includes('/panel/')) return;
    const held = [];
    const real = window.requestAnimationFrame.bind(window);
    window.requestAnimationFrame = (f) => { held.push(f); return held.length; };
    window.__paint = () => { window.requestAnimationFrame = real; held.splice(0).forEach((f) => real(f)); };
  });
  await page.goto('/browse/TL-1?mode=forge');
  const app = page.frameLocator('[data-testid=app-frame]');
  await expect(app.getByTestId('item')).toHaveCount(2);
  await expect.poll(() => seen).toEqual(['fetch']);
  await page.waitForTimeout(300);
  await expect(app.getByTestId('add-item')).toHaveCount(0);
  const frame = await (await page.$('[data-testid=app-frame]')).contentFrame();
  await frame.evaluate(() => window.__paint());
  await expect(app.getByTestId('add-item')).toHaveCount(1);
  expect(seen).toEqual(['fetch']);
});

test('when the cold code cannot be loaded at all, the panel says so', async ({ page }) => {
  const seen = watchCold(page);
  await page.route('**/*.cold.wasm', (route) => route.abort());
  await page.goto('/browse/TL-1?mode=forge');
  const app = page.frameLocator('[data-testid=app-frame]');
  await expect(app.getByTestId('item')).toHaveCount(2);
  // The click's handler is cold code and cannot run: the note says the change may not be saved.
  await app.getByTestId('item-toggle').nth(1).click();
  await expect(app.getByTestId('code-unloaded')).toContainText('could not load part of its code');
  await expect(app.getByTestId('code-unloaded')).toHaveCount(1);
  expect(seen).toContain('xhr');
});

test('the settings pages open without the cold code too', async ({ page }) => {
  const seen = watchCold(page);
  await page.route('**/*.cold.wasm', async (route) => {
    if (route.request().resourceType() === 'fetch') await new Promise((r) => setTimeout(r, 3000));
    await route.continue();
  });
  for (const url of [`/admin/ticklist?user=${USERS.admin}&mode=forge`, `/project/TL/settings/ticklist?user=${USERS.projectAdmin}`]) {
    seen.length = 0;
    await page.goto(url);
    const app = page.frameLocator('[data-testid=app-frame]');
    await expect(app.getByTestId('settings-scope')).toBeVisible();
    await expect(app.getByTestId('add-list')).toBeVisible();
    await page.waitForTimeout(1000);
    expect(seen).toEqual(['fetch']);
    // The same page once the cold module (and the data it writes) is in.
    const frame = await (await page.$('[data-testid=app-frame]')).contentFrame();
    const early = await frame.evaluate(() => document.body.innerText);
    expect(early).toContain('Templates');
    await frame.evaluate(() => globalThis.__ticklistCold);
    expect(await frame.evaluate(() => document.body.innerText)).toBe(early);
  }
});

// Some start-up code runs only on data-dependent paths no profile can count on: hashbrown's
// closures compare keys only when two share a hash tag, and the allocator shrinks or grows a
// block only when a vector's length and capacity say so (each, cut, brought the cold module in
// synchronously in some opens). They stay in the main module by name (scripts/cold-split.mjs
// ALWAYS_KEPT), whatever the profile saw: none may be a trampoline.
test('hashbrown\'s closures and the allocator stay in the start-up module whatever the profile saw', () => {
  const root = new URL('..', import.meta.url).pathname;
  const target = process.env.CARGO_TARGET_DIR || join(root, 'target');
  for (const bundle of ['', 'settings']) {
    const dir = join(root, 'dist', bundle);
    const bytes = readFileSync(join(dir, readdirSync(dir).find((f) => f.endsWith('_bg.wasm'))));
    const module = new WebAssembly.Module(bytes);
    // The glue's module name still carries trunk's stem, under which the build listed them.
    const glue = WebAssembly.Module.imports(module).find((i) => /_bg\.js$/.test(i.module)).module;
    const stem = glue.replace(/^\.\//, '').replace(/_bg\.js$/, '');
    const kept = JSON.parse(readFileSync(join(target, 'cold-data', `${stem}.kept.json`), 'utf8'));
    const names = kept.map(([, name]) => name);
    for (const [what, pattern] of [['a hashbrown closure', /^_ZN9hashbrown.*closure/], ['dlmalloc', /8dlmalloc/],
      ['the allocator\'s shrink', /shrink_impl/], ['__rust_realloc', /___rust_realloc$/], ['a vector\'s growth', /raw_vec.*grow/]]) {
      expect(names.some((n) => pattern.test(n)), `${what} among the functions always kept`).toBe(true);
    }
    // The list has the indices before the split, which put its loader's import first.
    const added = WebAssembly.Module.imports(module).filter((i) => i.module === 'tl_cold').length;
    expect(added).toBe(1);
    const cut = trampolines(bytes);
    expect(cut.size).toBeGreaterThan(1000);
    for (const [i, name] of kept) {
      // (A cut function no kept code calls becomes `unreachable`, which some kept ones are too.)
      expect(cut.has(i + added), `function ${i + added} (${name}) is a trampoline into the cold module`).toBe(false);
    }
  }
});
