// End-to-end: Monte Carlo on the worker pool, in the release build in
// Chromium. The same set made on one worker and on two shows the same
// numbers and charts; a worker that fails mid-set is reported and its runs
// made again, and the set still equals a clean one; and during a
// 20,000-run set the page's own thread stays free: its long tasks
// (PerformanceObserver "longtask", over 50 ms) are printed, and the test
// fails if they held the page for half the set.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve } from './server.mjs';
import { launch } from './chromium.mjs';
import { watcher } from './watch.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const DIST = process.env.FAULTLINE_DIST ?? here('../dist');
// ui::run::pool's storage keys.
const WORKERS_KEY = 'faultline-workers';
const FAIL_TASK_KEY = 'faultline-fail-task';
// The message the worker's deliberate panic logs (analysis::batch::Executor::execute).
const INJECTED = 'fault injected by a test';

let server;
let browser;
let context;
const { watch, seen } = watcher(() => server.origin);

before(async () => {
  assert.ok(existsSync(`${DIST}/index.html`), `${DIST}/index.html is missing: run trunk build --release first`);
  server = await serve(DIST);
  browser = await launch();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(() => {
    try { localStorage.setItem('faultline.intro.v1', 'answered'); } catch {}
    // Every long task from the page's first moment, with when it started.
    window.__longtasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  context.on('page', watch);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** A fresh page with `preset` on the board and the pool set up by `storage`. */
async function open(preset, storage = {}) {
  const page = await context.newPage();
  // Set before the app starts, as the benchmark's settings would be.
  await page.addInitScript((s) => { for (const [k, v] of Object.entries(s)) sessionStorage.setItem(k, v); }, storage);
  await page.goto(`${server.origin}/`);
  await page.locator('svg.board g.team').first().waitFor();
  await page.selectOption('#preset-select', preset);
  await page.locator('svg.board g.team').first().waitFor();
  // The live check of the new design runs on the page's own thread (its
  // tasks are measured in live.test.mjs); the sets start once it is over.
  await page.waitForFunction(() => {
    const t = document.querySelector('#live-timing')?.textContent ?? '';
    return t !== '' && !t.includes('simulating');
  }, null, { timeout: 60_000, polling: 50 });
  return page;
}

/** Runs a Monte Carlo set and returns what the page shows of it. */
async function monteCarlo(page, seed, runs) {
  await page.fill('#run-seed', String(seed));
  await page.fill('#run-count', String(runs));
  await page.click('#run-monte-carlo');
  await page.locator(`#mc-title:text("Monte Carlo: ${runs} runs from seed ${seed}")`).waitFor({ timeout: 300_000 });
  const chart = async (id) => page.locator(`figure[data-chart="${id}"] img`).getAttribute('src');
  return {
    headline: await page.locator('.mc-headline').textContent(),
    timing: await page.locator('#mc-timing').textContent(),
    charts: [await chart('outcomes'), await chart('times'), await chart('mc-handoffs')],
  };
}

test('a set made on one worker and on two shows the same numbers and charts', async () => {
  // One page at a time: a page in the background has its timers throttled.
  const one = await open('shared-deploy', { [WORKERS_KEY]: '1' });
  const a = await monteCarlo(one, 5, 600);
  await one.close();
  const two = await open('shared-deploy', { [WORKERS_KEY]: '2' });
  const b = await monteCarlo(two, 5, 600);
  console.log(`# ${a.timing}\n# ${b.timing}`);
  assert.match(a.timing, /, on 1 worker\.$/);
  assert.match(b.timing, /, on 2 workers\.$/);
  assert.equal(b.headline, a.headline);
  assert.ok(a.charts.every((c, i) => c === b.charts[i]), 'every chart is byte-identical');
  assert.match(a.charts[2], /^data:image\/svg\+xml;base64,/);
  assert.ok(Buffer.from(a.charts[2].split(',')[1], 'base64').toString().includes('summed over 600 runs'),
    'the hand-offs chart sums every run, not the first thousand logs');
  await two.close();
});

test('a worker that fails is reported and its runs made again, and the set equals a clean one', async () => {
  const clean = await open('no-sre', { [WORKERS_KEY]: '2' });
  const expected = await monteCarlo(clean, 9, 400);
  await clean.close();
  const before = seen.consoleErrors.length;
  // The third task the page sends panics in its worker.
  const page = await open('no-sre', { [WORKERS_KEY]: '2', [FAIL_TASK_KEY]: '3' });
  const got = await monteCarlo(page, 9, 400);
  const note = await page.locator('.run-note').textContent();
  console.log(`# ${note}`);
  assert.match(note, /^A worker stopped \(.+\); its runs \d+–\d+ are being made again on another\.$/);
  assert.equal(got.headline, expected.headline);
  assert.ok(got.charts.every((c, i) => c === expected.charts[i]), 'every chart equals the clean set\'s');
  assert.equal(await page.locator('.run-error').count(), 0);
  // The worker's panic is the only error logged, and it is the injected one.
  const errors = seen.consoleErrors.slice(before);
  assert.ok(errors.every((e) => e.includes(INJECTED) || e.includes('RuntimeError') || e.includes('unreachable')), errors.join('\n'));
  seen.consoleErrors.splice(before);
  seen.pageErrors.splice(0);
  await page.close();
});

test('during a 20,000-run set the page\'s thread is free: its long tasks, printed', async () => {
  const page = await open('clear-boundary');
  // The measure itself: a task that holds the page for 120 ms is seen.
  const seenBefore = await page.evaluate(() => window.__longtasks.length);
  await page.evaluate(() => setTimeout(() => { const t = performance.now(); while (performance.now() - t < 120); }, 0));
  await page.waitForFunction((n) => window.__longtasks.length > n, seenBefore);
  await page.fill('#run-seed', '3');
  await page.fill('#run-count', '20000');
  const start = await page.evaluate(() => performance.now());
  await page.click('#run-monte-carlo');
  await page.locator('#mc-title:text("Monte Carlo: 20000 runs from seed 3")').waitFor({ timeout: 600_000 });
  // Let the results' first paint finish and its long tasks, if any, be reported.
  await page.waitForTimeout(500);
  const end = await page.evaluate(() => performance.now());
  const tasks = await page.evaluate(([s, e]) => window.__longtasks.filter((t) => t.start >= s && t.start <= e), [start, end]);
  const longest = Math.max(0, ...tasks.map((t) => t.duration));
  const held = tasks.reduce((sum, t) => sum + t.duration, 0);
  // A figure, not a timed assertion: this machine is shared, and another
  // process or a paused VM stretches any task. The target is none over 50 ms.
  console.log(`# 20,000 runs: ${await page.locator('#mc-timing').textContent()} ` +
    `${tasks.length} long tasks (over 50 ms) on the page's thread, the longest ${longest.toFixed(0)} ms, ` +
    `${held.toFixed(0)} ms of the set's ${(end - start).toFixed(0)} ms`);
  // What would be a defect whatever the machine: the page's thread busy for
  // much of the set, as when the runs or the aggregate are made on it.
  assert.ok(held < 0.5 * (end - start), `long tasks held the page ${held.toFixed(0)} ms: ${JSON.stringify(tasks)}`);
  await page.close();
});

test('nothing left the page\'s origin and nothing else failed', () => {
  assert.deepEqual(seen.foreignRequests, []);
  assert.deepEqual(seen.badResponses, []);
  assert.deepEqual(seen.pageErrors, []);
  assert.deepEqual(seen.consoleErrors, []);
});
