// Appended by scripts/bench-alt.sh to the shared bench's own server and mocked Forge host (its
// bench.mjs up to its variant list): loads builds in turn, page by page (A, B, plain, then the
// other way round), so each gets the same moments of a noisy machine. Every load is a fresh
// browser context, as in the bench; WARM, THROTTLE and LATENCY mean what they mean there.
const browser = await puppeteer.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
const builds = process.argv.slice(2);
const times = Object.fromEntries(builds.map((b) => [b, []]));
const row = `li:nth-child(${ITEMS})`;
for (let i = 0; i <= RUNS; i++) {
  for (const build of i % 2 ? builds : [...builds].reverse()) {
    const ctx = await browser.createBrowserContext();
    const page = await ctx.newPage();
    const cdp = await page.createCDPSession();
    if (THROTTLE > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
    if (LATENCY > 0) await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: LATENCY, downloadThroughput: -1, uploadThroughput: -1 });
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: !WARM });
    await page.evaluateOnNewDocument(mockBridge, ITEMS);
    // When the wasm is instantiated, to split start-up into before and after; and before it,
    // when the start script asked for the wasm, handed it to the compiler and had it compiled
    // (in Ticklist's page only: plain React has no wasm).
    await page.evaluateOnNewDocument(() => {
      const compile = WebAssembly.compileStreaming;
      WebAssembly.compileStreaming = function (...args) {
        window.__compileAt ??= performance.now();
        return compile.apply(this, args).then((m) => { window.__compiledAt ??= performance.now(); return m; });
      };
      const fetch = window.fetch;
      window.fetch = function (...args) {
        if (String(args[0]).includes('_bg.wasm')) window.__wasmAskedAt ??= performance.now();
        return fetch.apply(this, args);
      };
      // Either way the glue instantiates: from a response, or a module boot.js compiled.
      for (const name of ['instantiateStreaming', 'instantiate']) {
        const original = WebAssembly[name];
        WebAssembly[name] = function (...args) {
          return original.apply(this, args).then((x) => { window.__instantiatedAt ??= performance.now(); return x; });
        };
      }
    });
    await page.evaluateOnNewDocument((sel) => {
      const mo = new MutationObserver(() => {
        if (!window.__readyAt && document.querySelector(sel)) { window.__readyAt = performance.now(); mo.disconnect(); }
      });
      mo.observe(document, { childList: true, subtree: true, characterData: true });
    }, row);
    const url = `http://127.0.0.1:${port}/${build}/index.html`;
    if (WARM) { await page.goto(url, { waitUntil: 'load' }); await page.waitForSelector(row); await new Promise((r) => setTimeout(r, 1500)); await page.goto('about:blank'); }
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForSelector(row, { timeout: 30000 });
    const t = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const wasm = performance.getEntriesByType('resource').find((e) => /_bg\.wasm$/.test(e.name));
      return {
        ready: window.__readyAt, inst: window.__instantiatedAt, dcl: nav.domContentLoadedEventStart,
        wasmIn: wasm && wasm.responseEnd, asked: window.__wasmAskedAt, compile: window.__compileAt, compiled: window.__compiledAt,
      };
    });
    if (i > 0) times[build].push(t); // the first round warms the machine up
    await ctx.close();
  }
}
const median = (a) => { const s = a.filter(Number.isFinite).sort((x, y) => x - y); return s.length ? s[s.length >> 1].toFixed(1) : '-'; };
for (const build of builds) {
  const t = times[build];
  console.log(`${build.padEnd(14)} ready ${median(t.map((x) => x.ready)).padStart(6)}   instantiated ${median(t.map((x) => x.inst)).padStart(6)}   after it ${median(t.map((x) => x.ready - x.inst)).padStart(6)}`);
  // Before instantiation (ms from navigation): the wasm's bytes in, the start script asking for
  // it, the compiler given it, compiled; and DOMContentLoaded, which the glue waits for.
  if (t.some((x) => x.asked)) console.log(`${''.padEnd(14)} wasm in ${median(t.map((x) => x.wasmIn))}   asked ${median(t.map((x) => x.asked))}   to the compiler ${median(t.map((x) => x.compile))}   compiled ${median(t.map((x) => x.compiled))}   DOMContentLoaded ${median(t.map((x) => x.dcl))}`);
}
await browser.close();
server.close();
