// After the release build (scripts/build.sh): measures which wasm functions each bundle's
// start-up calls, and cuts the rest out of its main module (scripts/cold-split.mjs) into
// `<stem>.cold.wasm`, which the glue fetches at the first frame after the app starts and
// instantiates after the next one (split-wasm.mjs, withColdLoader).
//
// "Start-up" is opening the page in jira-sim, Connect and Forge, and leaving it alone for 2 s,
// with the issue panel's work after its first paint held back (row tools, the add box, keeping
// the panel current: src/components/after_paint.rs waits for the cold module to start it).
// Chromium compiles each wasm function on its first call and traces it (`wasm.CompileLazy`);
// those are the functions that stay. A path these scenes miss still works: its first call into
// cut code loads the cold module then (e2e/coldcode.spec.mjs checks both).
//
//   node scripts/startup-split.mjs            (jira-sim built, sim assets in $TARGET_DIR/sim-assets)
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { moveColdData } from './cold-data.mjs';
import { nameByContent } from './content-names.mjs';
import { LOADED, splitCold } from './cold-split.mjs';
import { USERS, auth, typeTemplate } from '../e2e/sim.mjs';

const root = new URL('..', import.meta.url).pathname;
const target = process.env.TARGET_DIR || process.env.CARGO_TARGET_DIR || join(root, 'target');
const sim = join(target, 'debug', 'jira-sim');
if (!existsSync(sim)) throw new Error(`startup-split: ${sim} is missing (cargo build -p jira-sim)`);

// Every kind of row a checklist can show, in three lists (the issue panel's first frame draws
// each part with code of its own: a part no scene shows would be loaded synchronously).
const CHECKLIST = {
  app: 'ticklist', v: 1,
  lists: [
    { id: 'main', name: 'Release', items: [
      { id: 'h', text: 'Before', status: 'todo', header: true },
      { id: 'a', text: 'Write **notes** with [docs](https://example.com), *care* and `code`', status: 'done', mandatory: true },
      { id: 'b', text: 'Tag', status: 'inprogress', mandatory: true, due: '2020-01-01', details: 'Use the script\nThen push' },
      { id: 'c', text: 'Announce', status: 'blocked', due: '2031-05-17' },
      { id: 'd', text: 'Old step', status: 'skipped' },
      { id: 'e', text: 'Ask [~accountid:5b10a0effa615349cb016cd8]', status: 'todo', assignee: USERS.editor },
      { id: 'g', text: 'A status the site no longer has', status: 'gone' },
      { id: 'q', text: 'A status of the site\'s own', status: 'qa-review' },
    ] },
    { id: 'ops', name: 'Operations', items: [{ id: 'f', text: 'Rotate keys', status: 'todo' }] },
    { id: 'later', name: 'Later', items: [] },
  ],
};

// A long checklist (as long as the plain format fits in one property): bigger collections take
// other code (growth; more than one part once the app has saved it).
const LONG = {
  app: 'ticklist', v: 1,
  lists: [{ id: 'main', name: 'Long', items: Array.from({ length: 300 }, (_, i) => ({
    id: `i${i}`, text: `Item ${i} ${'x'.repeat(60)}`, status: i % 3 === 0 ? 'done' : 'todo',
  })) }],
};
// CHECKLIST is the plain export format (version 1), which the app reads and migrates; what
// the app itself writes (version 2) is read by other code: `saved` is filled in below by
// letting the app save CHECKLIST once.
const saved = {};
const savedLong = {};
const ISSUE_VIEW = [
  { url: `/browse/TL-1?user=${USERS.editor}`, checklist: saved },
  { url: `/browse/TL-1?user=${USERS.editor}&mode=forge`, checklist: saved },
  { url: `/browse/TL-1?user=${USERS.editor}&mode=forge`, checklist: CHECKLIST },
  { url: `/browse/TL-1?user=${USERS.viewer}&mode=forge&theme=dark`, checklist: saved },
  { url: `/browse/TL-1?user=${USERS.viewer}`, checklist: CHECKLIST },
  { url: `/browse/TL-3?user=${USERS.editor}&mode=forge` },
  { url: `/browse/TL-3?user=${USERS.editor}` },
  // A Bug: with the settings below, its default template is applied as it opens.
  { url: `/browse/TL-2?user=${USERS.editor}&mode=forge` },
  { url: `/browse/TL-1?user=${USERS.editor}&mode=forge`, checklist: savedLong },
  { url: `/browse/TL-1?user=${USERS.editor}`, checklist: LONG },
  // A slow Jira: the loading note shows before the rows.
  { url: `/browse/TL-1?user=${USERS.editor}&mode=forge`, checklist: saved, slow: true },
  { url: `/browse/TL-1?user=${USERS.editor}`, checklist: saved, slow: true },
];
const SETTINGS = [
  { url: `/admin/ticklist?user=${USERS.admin}` },
  { url: `/admin/ticklist?user=${USERS.admin}&mode=forge` },
  { url: `/project/TL/settings/ticklist?user=${USERS.projectAdmin}` },
  { url: `/project/TL/settings/ticklist?user=${USERS.projectAdmin}&mode=forge` },
];

const port = await new Promise((resolve) => { const s = createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); }); });
const base = `http://127.0.0.1:${port}`;
const server = spawn(sim, ['--listen', `127.0.0.1:${port}`, '--app-dir', join(root, 'dist'), '--assets-dir', join(target, 'sim-assets')], { stdio: ['ignore', 'ignore', 'inherit'] });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
});
try {
  await waitFor(base);
  Object.assign(saved, await savedByTheApp(CHECKLIST));
  Object.assign(savedLong, await savedByTheApp(LONG));
  // Every scene twice: on a site with no settings, then with templates, defaults and a
  // project's own settings stored (which the panel and the pages read with other code).
  const issueView = await calledAtStartUp(ISSUE_VIEW);
  const settings = await calledAtStartUp(SETTINGS);
  await configure();
  for (const f of await calledAtStartUp(ISSUE_VIEW, { keep: true })) issueView.add(f);
  for (const f of await calledAtStartUp(SETTINGS, { keep: true })) settings.add(f);
  split('issue view', join(root, 'dist'), issueView);
  split('settings pages', join(root, 'dist', 'settings'), settings);
} finally {
  await browser.close();
  server.kill();
}

async function waitFor(url) {
  for (let i = 0; i < 300; i++) {
    try { if ((await fetch(url)).ok) return; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`jira-sim did not answer at ${url}`);
}

/** `doc` as the app stores it: it is seeded, opened, and one item ticked (not traced). */
async function savedByTheApp(doc) {
  await reset(doc);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/browse/TL-1?user=${USERS.editor}&mode=forge`);
  await page.frameLocator('[data-testid=app-frame]').locator('[data-testid=item-toggle]:not(:checked):not(:disabled)').first().check();
  for (let i = 0; i < 100; i++) {
    const head = await readProperty('ticklist.checklist');
    if (head && head.v !== 1) {
      await page.waitForTimeout(500); // the other parts of a long one
      // An item that became a Jira issue and follows it (the plain format has no such field).
      if (doc === CHECKLIST && head.items?.c) Object.assign(head.items.c, { i: { id: '10002', key: 'TL-2' }, f: true });
      const parts = { 'ticklist.checklist': head };
      if (doc === LONG && !(head.parts > 1)) throw new Error('the long checklist was saved in one part: make it longer');
      for (let n = 1; n < (head.parts || 1); n++) parts[`ticklist.checklist.${n}`] = await readProperty(`ticklist.checklist.${n}`);
      await context.close();
      return { parts };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the app did not save the checklist');
}

async function readProperty(key) {
  const r = await fetch(`${base}/rest/api/3/issue/TL-1/properties/${key}`, { headers: auth(USERS.editor) });
  return r.ok ? (await r.json()).value : null;
}

/** Reading a checklist takes `ms` longer (jira-sim's faults). */
async function slowChecklist(ms) {
  const faults = ms ? { path_contains: 'ticklist.checklist', method: 'GET', latency_ms: ms } : {};
  const r = await fetch(`${base}/_sim/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(faults) });
  if (!r.ok) throw new Error(`jira-sim faults: ${r.status}`);
}

async function reset(checklist) {
  if (!(await fetch(`${base}/_sim/reset`, { method: 'POST' })).ok) throw new Error('jira-sim reset failed');
  await putChecklist(checklist);
}

/** TL-1's checklist as given (a document, or `{ parts }` as the app stored them), and none on
 * TL-2 and TL-3 (a default may have filled them). */
async function putChecklist(checklist) {
  const parts = !checklist ? {} : checklist.parts && !checklist.app ? checklist.parts : { 'ticklist.checklist': checklist };
  for (const issue of ['TL-1', 'TL-2', 'TL-3']) {
    for (let n = 0; n < 16; n++) {
      const key = n ? `ticklist.checklist.${n}` : 'ticklist.checklist';
      const url = `${base}/rest/api/3/issue/${issue}/properties/${key}`;
      const value = issue === 'TL-1' ? parts[key] : undefined;
      const r = value !== undefined
        ? await fetch(url, { method: 'PUT', headers: { ...auth(USERS.editor), 'Content-Type': 'application/json' }, body: JSON.stringify(value) })
        : await fetch(url, { method: 'DELETE', headers: auth(USERS.editor) });
      if (!r.ok && r.status !== 404) throw new Error(`seeding ${issue}'s ${key}: ${r.status}`);
    }
  }
}

/** Settings as an admin and a project admin make them on the settings pages (not traced): a
 * global template that is the automatic default for Bugs, a project template offered by default. */
async function configure() {
  await reset(); // no faults either
  const context = await browser.newContext();
  const page = await context.newPage();
  const frame = page.frameLocator('[data-testid=app-frame]');
  const addTemplate = async (name, items) => {
    await typeTemplate(frame, name, items);
    return frame.locator('[data-testid=default-template-any] option', { hasText: name }).getAttribute('value');
  };
  const settled = () => frame.getByTestId('save-status').filter({ hasText: 'Saved' }).waitFor({ timeout: 20_000 });
  await page.goto(`${base}/admin/ticklist?user=${USERS.admin}`);
  const bugs = await addTemplate('Bug triage', ['## Triage', 'Reproduced', 'Severity set']);
  await frame.getByTestId('default-template-10002').selectOption(bugs);
  await frame.getByTestId('default-apply-10002').selectOption('auto');
  // The site's own statuses: a new one and a built-in recoloured (both drawn as lozenges in
  // their colour), one retired (its items still show its name).
  await frame.getByTestId('new-status').fill('QA review');
  await frame.getByTestId('new-status').press('Enter');
  for (const [status, colour] of [['qa-review', '#6e5dc6'], ['blocked', '#ae2e24']]) {
    await frame.getByTestId(`status-${status}`).getByTestId('status-colour').fill(colour);
    await frame.getByTestId(`status-${status}`).getByTestId('status-colour').press('Tab');
  }
  await frame.getByTestId('status-skipped').getByTestId('status-retire').click();
  await settled();
  await page.goto(`${base}/project/TL/settings/ticklist?user=${USERS.projectAdmin}`);
  const dod = await addTemplate('Story DoD', ['Code reviewed', 'Docs updated']);
  await frame.getByTestId('default-template-any').selectOption(dod);
  await settled();
  await context.close();
}

/** Indices of the wasm functions the scenes' start-ups called, in one bundle's main module.
 * `keep`: the site's settings stay as they are (only the checklist is put back). */
async function calledAtStartUp(scenes, { keep = false } = {}) {
  const called = new Set();
  for (const scene of scenes) {
    if (keep) await putChecklist(scene.checklist);
    else await reset(scene.checklist);
    await slowChecklist(scene.slow ? 1500 : 0);
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    // The issue panel's work after its first paint waits for the cold module: held here, so
    // none of that work counts as start-up (the settings pages do not wait).
    await page.addInitScript(() => { globalThis.__ticklistHoldCold = true; });
    await browser.startTracing(page, { categories: ['v8.wasm'] });
    // Twice: the first open fills the iframe's cache (settings, permission), the second reads it,
    // as most opens do.
    for (let visit = 0; visit < 2; visit++) {
      await page.goto(base + scene.url);
      const app = page.frameLocator('[data-testid=app-frame]');
      await app.locator('[data-testid]').first().waitFor({ timeout: 20_000 });
      // No "network idle" to wait for: the panel keeps a channel open to hear of other saves.
      await page.waitForTimeout(2000);
    }
    const trace = JSON.parse((await browser.stopTracing()).toString());
    const before = called.size;
    for (const e of trace.traceEvents || trace) if (e.name === 'wasm.CompileLazy') called.add(e.args.func_index);
    if (called.size === before && before === 0) throw new Error(`no wasm function compiled while ${scene.url} opened: is the trace category still v8.wasm?`);
    await context.close();
  }
  return called;
}

function split(name, dir, hot) {
  const wasmFile = readdirSync(dir).find((f) => f.endsWith('_bg.wasm'));
  if (!wasmFile) throw new Error(`no *_bg.wasm in ${dir}`);
  const stem = wasmFile.slice(0, -'_bg.wasm'.length);
  const startFile = readdirSync(dir).find((f) => f.startsWith(`${stem}-`) && f.endsWith('.start.js'));
  if (!startFile) throw new Error(`no ${stem}-<hash>.start.js in ${dir} (scripts/split-wasm.mjs bundleStart)`);
  const start = readFileSync(join(dir, startFile), 'utf8');
  if (!start.includes(LOADED)) throw new Error(`${dir}/${startFile} has no cold-code loader (scripts/split-wasm.mjs withColdLoader)`);
  const bytes = readFileSync(join(dir, wasmFile));
  if (WebAssembly.Module.imports(new WebAssembly.Module(bytes)).some((i) => i.module === 'tl_cold')) {
    console.log(`startup-split: ${name}: already split`);
    return;
  }
  // What stays whatever the scenes saw (cold-split.mjs ALWAYS_KEPT; split-wasm.mjs lists it).
  const keptFile = join(target, 'cold-data', `${stem}.kept.json`);
  if (!existsSync(keptFile)) throw new Error(`startup-split: ${keptFile} is missing (scripts/split-wasm.mjs writes it)`);
  const kept = JSON.parse(readFileSync(keptFile, 'utf8')).map(([i]) => i);
  const code = splitCold(bytes, new Set([...hot, ...kept]));
  // The data only the cold code reads goes with it (split-wasm.mjs wrote the map).
  const mapFile = join(target, 'cold-data', `${stem}.json`);
  if (!existsSync(mapFile)) throw new Error(`startup-split: ${mapFile} is missing (scripts/split-wasm.mjs writes it)`);
  const parts = readdirSync(dir).filter((f) => f.startsWith(`${stem}.`) && f.endsWith('.wasm') && f !== `${stem}.cold.wasm`);
  const { primary, secondary, stats } = moveColdData(code.primary, code.secondary,
    parts.map((f) => readFileSync(join(dir, f))), JSON.parse(readFileSync(mapFile, 'utf8')));
  // Both must be valid modules before they replace anything.
  new WebAssembly.Module(primary);
  new WebAssembly.Module(secondary);
  writeFileSync(join(dir, wasmFile), primary);
  writeFileSync(join(dir, `${stem}.cold.wasm`), secondary);
  const named = nameByContent(dir, stem);
  console.log(`startup-split: ${name}: ${code.stats.hot} of ${code.stats.functions} functions stay (called at start-up, or always kept: ${kept.length}); ` +
    `${code.stats.cold} (${code.stats.coldCodeBytes} bytes of code) moved to ${named}.cold.wasm, ${code.stats.trampolines} through trampolines; ` +
    `${stats.moved} of ${stats.data} bytes of data with them`);
}
