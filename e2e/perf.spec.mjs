// The performance benchmark: medians of several runs through jira-sim in headless chromium,
// written to target/perf-report.txt (one figure per line). Figures are reported, not asserted:
// targets live in TARGETS.md and the notes, never in a timed test. Counts that are behaviour
// (write cycles) are asserted in editing.spec.mjs.
import { test, expect } from '@playwright/test';
import { writeFileSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { USERS, reset, putIssueProperty, requests, clearRequests, requestLog, restCost, faults } from './sim.mjs';
import { functionSizes } from '../scripts/cold-data.mjs';

const target = process.env.CARGO_TARGET_DIR || join(new URL('..', import.meta.url).pathname, 'target');
const RUNS = 5;
const lines = [];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function checklist(n) {
  return {
    app: 'ticklist', v: 1,
    lists: [{ id: 'main', name: 'Benchmark', items: Array.from({ length: n }, (_, i) => ({
      id: `i${i}`, text: `Item ${i} ${'x'.repeat(60)}`, status: i % 3 === 0 ? 'done' : 'todo',
    })) }],
  };
}

async function seed(request, n) {
  await reset(request);
  // Seeded in the plain v1 format (the app migrates it on read), which must fit one property.
  const doc = checklist(n);
  const r = await putIssueProperty(request, USERS.editor, 'TL-1', 'ticklist.checklist', doc);
  expect(r.status()).toBe(201);
}

/** Milliseconds from the iframe's navigation start until `count` rows are on screen. */
async function openAndTime(page, count) {
  await page.goto('/browse/TL-1');
  const frame = page.frames().find((f) => f.url().includes('/panel/'));
  // Timed in the page, in the frame callback that first sees the rows (a second round trip
  // would also count whatever the page does in the task after).
  const at = await frame.waitForFunction((n) => document.querySelectorAll('[data-testid=item]').length === n && performance.now(), count, { polling: 'raf', timeout: 120_000 });
  return at.jsonValue();
}

/** When the live panel replaced the first frame (the mark src/components/first_frame.rs sets):
 * from then on every control answers at once. */
async function liveAt(page) {
  const frame = page.frames().find((f) => f.url().includes('/panel/'));
  const at = await frame.waitForFunction(() => performance.getEntriesByName('ticklist-live')[0]?.startTime, null, { polling: 'raf', timeout: 120_000 });
  return at.jsonValue();
}

// A benchmark reports slowness, it does not fail on it: generous timeouts for a loaded machine.
test.describe.configure({ mode: 'serial', timeout: 180_000 });

test('ready time for a 50-item checklist', async ({ page, request }) => {
  await seed(request, 50);
  const plain = [];
  const plainLive = [];
  for (let i = 0; i < RUNS; i++) {
    plain.push(await openAndTime(page, 50));
    plainLive.push(await liveAt(page));
  }
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const slow = [];
  const slowLive = [];
  for (let i = 0; i < RUNS; i++) {
    slow.push(await openAndTime(page, 50));
    slowLive.push(await liveAt(page));
  }
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  lines.push(`ready, 50 items: ${median(plain).toFixed(0)} ms`);
  lines.push(`ready, 50 items, CPU 4x slower: ${median(slow).toFixed(0)} ms`);
  // The rows show as the first frame; the live panel (every control answering) follows once its
  // code is in. A click before then is not lost (e2e/firstframe.spec.mjs), only done then.
  lines.push(`live panel, 50 items: ${median(plainLive).toFixed(0)} ms`);
  lines.push(`live panel, 50 items, CPU 4x slower: ${median(slowLive).toFixed(0)} ms`);

  // REST calls: those the panel made before its rows showed (the page's own requests, timed),
  // and all it made within 3 s (the simulator's log), with the settings and permission caches
  // warm from the runs above, as on any issue opened after the first.
  await clearRequests(request);
  const sent = [];
  const onRequest = (r) => {
    const body = r.postData() || '';
    const path = r.url().includes('/sim/ap-request/') ? JSON.parse(body).path : new URL(r.url()).pathname;
    if (path.startsWith('/rest/')) sent.push({ at: Date.now(), path });
  };
  page.on('request', onRequest);
  await openAndTime(page, 50);
  const readyAt = Date.now();
  await page.waitForTimeout(3000);
  page.off('request', onRequest);
  const name = (p) => p.split('?')[0].split('/').slice(-1)[0];
  const before = sent.filter((c) => c.at <= readyAt);
  const calls = (await requests(request)).filter((r) => !r.includes('/_sim/'));
  lines.push(`REST calls before the panel showed: ${before.length} (${before.map((c) => name(c.path)).join(', ')})`);
  lines.push(`REST calls within 3 s of opening: ${calls.length} (${calls.map(name).join(', ')})`);
});

// V8 compiles a wasm function on the main thread the first time it is called; for a start-up
// that is most of the work between instantiation and the rows (and four times as much with the
// CPU 4x slower). Unlike a time, this count barely moves between runs, so it is the figure to
// compare builds by. Each open is in a fresh browser context: a renderer that has the module
// already compiled (same bytes) would reuse it.
test('wasm compiled on the main thread before the first rows', async ({ browser, request }) => {
  await seed(request, 5);
  const dist = join(new URL('..', import.meta.url).pathname, 'dist');
  const sizes = functionSizes(readFileSync(join(dist, readdirSync(dist).find((f) => f.endsWith('_bg.wasm')))));
  const counts = [];
  for (const mode of ['connect', 'forge']) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(() => {
      if (!location.pathname.includes('/panel/')) return;
      const seen = new MutationObserver(() => {
        if (document.querySelectorAll('[data-testid=item]').length < 5) return;
        performance.mark('ticklist-rows');
        seen.disconnect();
      });
      seen.observe(document, { childList: true, subtree: true });
    });
    await browser.startTracing(page, { categories: ['v8.wasm', 'blink.user_timing'] });
    await page.goto(`/browse/TL-1?mode=${mode}`);
    await expect(page.frameLocator('[data-testid=app-frame]').getByTestId('item')).toHaveCount(5);
    const events = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
    await context.close();
    const rows = events.find((e) => e.name === 'ticklist-rows');
    expect(rows, 'the rows mark is in the trace').toBeTruthy();
    // Set by the app (state/page.rs) when the panel has what it opens with: before it, reading
    // and decoding; after it, building the view.
    const opened = events.find((e) => e.name === 'ticklist-opened' && e.pid === rows.pid);
    expect(opened, "the app's opened mark is in the trace").toBeTruthy();
    expect(opened.ts).toBeLessThan(rows.ts);
    const compiled = events.filter((e) => e.name === 'wasm.CompileLazy' && e.pid === rows.pid && e.ts < rows.ts);
    const kb = (es) => es.reduce((sum, e) => sum + (sizes.get(e.args.func_index) || 0), 0) / 1024;
    const reading = compiled.filter((e) => e.ts < opened.ts);
    const showing = compiled.filter((e) => e.ts >= opened.ts);
    counts.push({ mode, functions: compiled.length, kb: kb(compiled), reading: reading.length, readingKb: kb(reading), showing: showing.length, showingKb: kb(showing) });
  }
  for (const c of counts) {
    lines.push(`wasm functions compiled before the first 5 rows, ${c.mode}: ${c.functions} (${c.kb.toFixed(0)} KB of code, of ${(sumValues(sizes) / 1024).toFixed(0)} KB in the start-up module): ${c.reading} (${c.readingKb.toFixed(0)} KB) until the panel's data is read, ${c.showing} (${c.showingKb.toFixed(0)} KB) building its view`);
  }
  // Both modes open the same panel: a start-up that compiled nothing would mean the trace lost it.
  for (const c of counts) {
    expect(c.functions).toBeGreaterThan(100);
    expect(c.reading).toBeGreaterThan(0);
    expect(c.showing).toBeGreaterThan(0);
  }
});

const sumValues = (m) => [...m.values()].reduce((a, b) => a + b, 0);

test('render and toggle a 1,000-item checklist', async ({ page, request }) => {
  // 1,000 items do not fit one v1 property: seed 300, paste 700 more through the app (which
  // then stores them split across several properties).
  await seed(request, 300);
  await page.goto('/browse/TL-1');
  let frame = page.frames().find((f) => f.url().includes('/panel/'));
  await frame.waitForFunction(() => document.querySelectorAll('[data-testid=item]').length === 300, null, { timeout: 120_000 });
  // The add box comes with the panel's tools, after the rows (the cold module).
  await frame.waitForSelector('[data-testid=add-item]', { timeout: 120_000 });
  await frame.evaluate(() => {
    const input = document.querySelector('[data-testid=add-item]');
    const data = new DataTransfer();
    data.setData('text', Array.from({ length: 700 }, (_, i) => `Added ${i} ${'y'.repeat(60)}`).join('\n'));
    input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await expect(page.frameLocator('[data-testid=app-frame]').getByTestId('save-status')).toHaveText('Saved', { timeout: 120_000 });

  // Long tasks in the panel (over 50 ms, as the browser counts them): while the row tools are
  // built, the page cannot answer a click or a key.
  await page.addInitScript(() => {
    if (!location.pathname.includes('/panel/')) return;
    window.__longTasks = [];
    new PerformanceObserver((l) => window.__longTasks.push(...l.getEntries().map((e) => ({ at: e.startTime, ms: e.duration }))))
      .observe({ type: 'longtask', buffered: true });
  });
  const render = [];
  const live = [];
  const tools = [];
  const longest = [];
  for (let i = 0; i < RUNS; i++) {
    const ready = await openAndTime(page, 1000);
    render.push(ready);
    live.push(await liveAt(page));
    // The row tools (hidden until hover, focus or ⋯) are built after the first paint.
    const f = page.frames().find((x) => x.url().includes('/panel/'));
    const at = await f.waitForFunction(() => document.querySelectorAll('.tl-item__tools').length === 1000 && performance.now(), null, { polling: 'raf', timeout: 120_000 });
    tools.push(await at.jsonValue());
    longest.push(await f.evaluate((from) => Math.max(0, ...window.__longTasks.filter((t) => t.at >= from).map((t) => t.ms)), ready));
  }
  lines.push(`ready, 1,000 items: ${median(render).toFixed(0)} ms`);
  lines.push(`live panel, 1,000 items: ${median(live).toFixed(0)} ms`);
  lines.push(`ready, 1,000 items, row tools built too: ${median(tools).toFixed(0)} ms`);
  lines.push(`longest task after the rows showed, until the row tools are built, 1,000 items: ${median(longest).toFixed(0)} ms`);

  frame = page.frames().find((f) => f.url().includes('/panel/'));
  const toggles = await frame.evaluate(async (runs) => {
    const out = [];
    const progress = document.querySelector('[data-testid=progress]');
    for (let i = 0; i < runs; i++) {
      const box = document.querySelectorAll('[data-testid=item-toggle]')[500 + i];
      const before = progress.textContent;
      const t0 = performance.now();
      const changed = new Promise((resolve) => {
        const mo = new MutationObserver(() => { if (progress.textContent !== before) { mo.disconnect(); resolve(); } });
        mo.observe(progress, { characterData: true, childList: true, subtree: true });
      });
      box.click();
      await changed;
      const dom = performance.now() - t0;
      // The frame that shows it: its animation-frame callbacks run as it starts, then the
      // browser recalculates styles, lays out and paints on this thread; a message posted from
      // the callback is handled once that is done. Between the DOM update and the frame's start
      // the page only waits for the display (up to one frame at 60 Hz), which costs nothing.
      const frame = await new Promise((resolve) => requestAnimationFrame(() => {
        const start = performance.now();
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve({ start, end: performance.now() });
        channel.port2.postMessage(0);
      }));
      out.push({ dom, render: frame.end - frame.start, painted: frame.end - t0 });
    }
    return out;
  }, RUNS * 2 + 1);
  // The first one waits for the editing code (nothing pointed at the panel before this click,
  // so nothing had fetched it); the others show what a toggle costs.
  const rest = toggles.slice(1);
  lines.push(`first toggle on 1,000 items (fetches the editing code), to DOM updated: ${toggles[0].dom.toFixed(1)} ms`);
  lines.push(`toggle on 1,000 items, to DOM updated: ${median(rest.map((t) => t.dom)).toFixed(1)} ms`);
  // The goal (< 16 ms, one frame) is about the work a toggle costs the page: its script, then
  // the style, layout and paint of the frame that shows it.
  lines.push(`toggle on 1,000 items, the frame that shows it (style, layout, paint): ${median(rest.map((t) => t.render)).toFixed(1)} ms`);
  lines.push(`toggle on 1,000 items, work until it is painted (script + that frame): ${median(rest.map((t) => t.dom + t.render)).toFixed(1)} ms`);
  lines.push(`toggle on 1,000 items, painted, from the click (waiting for the display included): ${median(rest.map((t) => t.painted)).toFixed(1)} ms`);
});

test('write cycles for 20 quick toggles', async ({ page, request }) => {
  await seed(request, 5);
  await page.goto('/browse/TL-1');
  const app = page.frameLocator('[data-testid=app-frame]');
  await expect(app.getByTestId('item')).toHaveCount(5);
  await clearRequests(request);
  for (let i = 0; i < 20; i++) await app.getByTestId('item-toggle').nth(1).click();
  await expect(app.getByTestId('save-status')).toHaveText('Saved', { timeout: 20_000 });
  const puts = (await requests(request)).filter((r) => r.startsWith('PUT ') && r.includes('/properties/ticklist.checklist'));
  lines.push(`write cycles for 20 quick toggles: ${puts.length}`);
});

/** Waits until the simulator has seen no request for `quiet` ms. */
async function settle(request, quiet = 1500) {
  let seen = -1;
  for (;;) {
    const n = (await requests(request)).length;
    if (n === seen) return;
    seen = n;
    await new Promise((r) => setTimeout(r, quiet));
  }
}

/**
 * What one action cost Jira, from the simulator's log: everything from the action until the
 * panel is quiet again. Jira answers after 150 ms here (a realistic latency), so requests sent
 * together overlap and the round-trip count is the app's own sequence, not the simulator's speed.
 */
async function costOf(request, app, action) {
  await expect(app.getByTestId('save-status')).toHaveText('Saved', { timeout: 120_000 });
  await settle(request); // the panel's own checks after opening are not the action's
  await faults(request, { latency_ms: 150 });
  await clearRequests(request);
  await action();
  await expect(app.getByTestId('save-status')).toHaveText('Saved', { timeout: 120_000 });
  await settle(request);
  await faults(request, {});
  const log = await requestLog(request);
  // PERF_DEBUG=1 prints each request (method, path, arrival-answer ms, bytes) to see why.
  if (process.env.PERF_DEBUG) console.log(log.map((r) => `${r.method} ${r.path.slice(0, 140)} ${r.start_ms.toFixed(0)}-${r.end_ms.toFixed(0)} ${r.bytes}`).join("\n"));
  return restCost(log);
}

const costLine = (what, c) => `REST per ${what}: ${c.gets} GET, ${c.puts} PUT, ${c.bytes} bytes written, ${c.read} read`;

test('REST budget per action', async ({ page, request }) => {
  await seed(request, 5);
  await page.goto('/browse/TL-1');
  const app = page.frameLocator('[data-testid=app-frame]');
  await expect(app.getByTestId('item')).toHaveCount(5);
  // The first save after opening migrates the seeded v1 value; measure the ones after it.
  await app.getByTestId('item-toggle').nth(0).click();
  const toggle5 = await costOf(request, app, () => app.getByTestId('item-toggle').nth(1).click());
  lines.push(costLine('toggle, 5 items', toggle5));
  lines.push(`save round trips per toggle, 5 items: ${toggle5.rounds}`);

  // On Forge the issue-view status comes from the app's function: no status property to write.
  await page.goto('/browse/TL-1?mode=forge');
  await expect(app.getByTestId('item')).toHaveCount(5);
  const forge5 = await costOf(request, app, () => app.getByTestId('item-toggle').nth(2).click());
  lines.push(costLine('toggle, 5 items, Forge', forge5));
  expect(forge5.puts).toBe(toggle5.puts - 1);

  await seed(request, 50);
  await page.goto('/browse/TL-1');
  await expect(app.getByTestId('item')).toHaveCount(50);
  await app.getByTestId('item-toggle').nth(0).click();
  const add50 = await costOf(request, app, async () => {
    await app.getByTestId('add-item').fill('One more thing');
    await app.getByTestId('add-item').press('Enter');
  });
  lines.push(costLine('add, 50 items', add50));
});

test('REST budget for a toggle on 2,000 items (one part written)', async ({ page, request }) => {
  await seed(request, 300);
  await page.goto('/browse/TL-1');
  const app = page.frameLocator('[data-testid=app-frame]');
  await expect(app.getByTestId('item')).toHaveCount(300, { timeout: 60_000 });
  const frame = page.frames().find((f) => f.url().includes('/panel/'));
  // The add box comes with the panel's tools, after the rows (the cold module).
  await frame.waitForSelector('[data-testid=add-item]', { timeout: 120_000 });
  await frame.evaluate(() => {
    const input = document.querySelector('[data-testid=add-item]');
    const data = new DataTransfer();
    data.setData('text', Array.from({ length: 1700 }, (_, i) => `Added ${i} ${'y'.repeat(60)}`).join('\n'));
    input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await expect(app.getByTestId('item')).toHaveCount(2000, { timeout: 120_000 });
  const toggle = await costOf(request, app, () => app.getByTestId('item-toggle').nth(1500).click());
  lines.push(costLine('toggle, 2,000 items', toggle));
  // Behaviour, not speed: the item's part, the summary and the status, nothing else.
  expect(toggle.puts).toBeLessThanOrEqual(3);
  expect(toggle.gets).toBeLessThanOrEqual(3);
  expect(toggle.bytes).toBeLessThan(40_000);
});

test('saved soon after the network comes back', async ({ page, request, context }) => {
  await seed(request, 5);
  await page.goto('/browse/TL-1');
  const app = page.frameLocator('[data-testid=app-frame]');
  await expect(app.getByTestId('item')).toHaveCount(5);
  await context.setOffline(true);
  await app.getByTestId('item-toggle').nth(2).click();
  await expect(app.getByTestId('save-status')).toContainText('Offline', { timeout: 10_000 });
  // Long enough for the backoff to grow past several seconds.
  await page.waitForTimeout(6_000);
  await expect(app.getByTestId('retry')).toBeVisible();
  const back = Date.now();
  await context.setOffline(false);
  await expect(app.getByTestId('save-status')).toHaveText('Saved', { timeout: 30_000 });
  const ms = Date.now() - back;
  lines.push(`saved after network back: ${ms} ms`);
  // Behaviour with a generous margin: the save starts when the browser says it is online, not
  // at the end of a backoff that had reached 8 s.
  expect(ms).toBeLessThan(5_000);
});

test.afterAll(() => {
  mkdirSync(target, { recursive: true });
  writeFileSync(join(target, 'perf-report.txt'), lines.join('\n') + '\n');
  console.log(lines.join('\n'));
});
