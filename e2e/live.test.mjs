// The live check while editing, in the release build: the findings come at
// once and the runs behind their consequences are made in slices, so the
// page is never held for long. Prints, for each design, the longest the
// main thread was held from the edit until the consequences are shown: a
// timer that re-arms itself every few milliseconds records the longest gap
// between its turns (headless Chromium reports no long tasks), and the
// app's own User Timing measures say how much of that was the check (the
// rest is rendering the page). A measurement, not an assertion, as machines
// are shared and noisy.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { serve } from './server.mjs';
import { launch } from './chromium.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const DIST = process.env.FAULTLINE_DIST ?? here('../dist');

let server;
let browser;
let page;
const problems = [];

before(async () => {
  server = await serve(DIST);
  browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  // A returning visitor: the first-visit prompt (story.test.mjs) stays away.
  await context.addInitScript(() => { try { localStorage.setItem('faultline.intro.v1', 'answered'); } catch {} });
  page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e}`));
  page.on('request', (r) => {
    if (new URL(r.url()).origin !== server.origin) problems.push(`foreign request: ${r.url()}`);
  });
  await page.addInitScript(() => {
    window.__held = { longest: 0, last: performance.now() };
    const tick = () => {
      const now = performance.now();
      window.__held.longest = Math.max(window.__held.longest, now - window.__held.last);
      window.__held.last = now;
      setTimeout(tick, 0);
    };
    setTimeout(tick, 0);
  });
  await page.goto(`${server.origin}/`);
  await page.locator('svg.board g.team').first().waitFor();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const timing = () => page.locator('#live-timing').textContent();

/** Does `edit`, waits for the live check to finish, and reports the main thread's longest task. */
async function measure(name, title, edit) {
  await page.evaluate(() => {
    window.__held.longest = 0;
    window.__t0 = performance.now();
  });
  await edit();
  await page.locator('#scenario-title', { hasText: title }).waitFor();
  // The check has begun on the new design once the diagnosis says anything;
  // it is over once it no longer says it is simulating.
  await page.waitForFunction(
    () => {
      const t = document.querySelector('#live-timing')?.textContent ?? '';
      return t !== '' && !t.includes('simulating');
    },
    null,
    { timeout: 60_000, polling: 50 },
  );
  // One more turn of the timer, so a hold that ended the check is counted.
  await page.evaluate(() => new Promise((done) => setTimeout(done, 20)));
  const { longest, ms, check, tasks, each } = await page.evaluate(() => {
    // The app measures each task of the live check (User Timing).
    const own = performance.getEntriesByName('faultline live check', 'measure');
    return {
      longest: window.__held.longest,
      ms: performance.now() - window.__t0,
      check: Math.max(0, ...own.map((m) => m.duration)),
      tasks: own.length,
      each: own.map((m) => m.duration.toFixed(0)).join(', '),
    };
  });
  assert.ok(tasks > 0, 'the live check measured its tasks');
  console.log(
    `# live check, ${name}: main thread held at most ${longest.toFixed(0)} ms at a time, ` +
      `the check's own longest task ${check.toFixed(0)} ms of ${tasks} (${each}); ` +
      `done ${ms.toFixed(0)} ms after the edit: "${await timing()}"`,
  );
  return longest;
}

/** The current design as the app exports it. */
async function exported() {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export JSON' }).click(),
  ]);
  return JSON.parse(await readFile(await download.path(), 'utf8'));
}

async function importDesign(name, file) {
  await page.locator('#import-file').setInputFiles({
    name: `${name}.json`,
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(file)),
  });
}

test('the measure sees a task that holds the page', async () => {
  await page.evaluate(() => {
    window.__held.longest = 0;
    const t = performance.now();
    while (performance.now() - t < 120);
  });
  await page.evaluate(() => new Promise((done) => setTimeout(done, 20)));
  const longest = await page.evaluate(() => window.__held.longest);
  assert.ok(longest >= 120 && longest < 1_000, `${longest} ms`);
});

test('the live check shows findings at once and their consequences when its runs are made', async () => {
  await measure('a preset chosen', 'Shared ownership of the deploy system', () => page.selectOption('#preset-select', 'shared-deploy'));
  assert.match(await timing(), /^Checked in \d+ ms \(30 simulated runs\)$/);
  assert.ok((await page.locator('.finding').count()) > 0);
  assert.ok((await page.locator('.finding .consequence').count()) > 0, 'the consequences are shown');

  const design = await exported();
  const busy = structuredClone(design);
  busy.title = 'Busy';
  busy.settings.background_rate_per_day = 3;
  await measure('3 background failures a day', 'Busy', () => importDesign('busy', busy));
  const limited = page.locator('#live-limited');
  assert.match(await timing(), /^Checked in \d+ ms \(\d+ simulated runs\)$/, (await limited.count()) ? await limited.textContent() : await page.locator('.diagnosis').textContent());

  // One run of this one takes 26–39 million units of work natively, more
  // than a run of the live check may: its first run stops there.
  const heavy = structuredClone(design);
  heavy.title = 'Heavy';
  heavy.settings.background_rate_per_day = 20;
  await measure('20 background failures a day', 'Heavy', () => importDesign('heavy', heavy));
  assert.match(await page.locator('#live-limited').textContent(), /too large to simulate while you edit/);

  // The worst valid design: one run of it reaches its budget, so the live
  // check says so instead of freezing the page.
  const worst = structuredClone(design);
  worst.title = 'Worst';
  Object.assign(worst.settings, { background_rate_per_day: 1000, recurrence_mean_days: 0.01, horizon_days: 365 });
  await measure('1,000 recurring failures a day for a year', 'Worst', () => importDesign('worst', worst));
  assert.match(await page.locator('#live-limited').textContent(), /too large to simulate while you edit/);

  // The largest legal file: 5,000 capabilities, each depending on the next
  // 130 (about 650,000 edges in 4 MB), validated and diagnosed on import.
  const large = structuredClone(design);
  large.title = 'Large';
  const n = 5_000;
  const id = (i) => `c${i.toString(36)}`;
  large.capabilities = Array.from({ length: n }, (_, i) => {
    const deps = [];
    for (let j = i + 1; j < Math.min(n, i + 131); j += 1) deps.push(id(j));
    const c = { id: id(i), name: `C${i}`, layer: 'delivery', depends_on: deps };
    if (i % 10 === 0) Object.assign(c, { layer: 'service', slo: { target: 0.999, window_days: 28 } });
    return c;
  });
  large.ownership = Object.fromEntries(large.capabilities.map((c) => [c.id, ['platform']]));
  large.failures = [];
  const text = JSON.stringify(large);
  assert.ok(text.length > 3_900_000 && text.length < 5_000_000, `${text.length} bytes`);
  await measure('a 4 MB design with 650,000 dependency edges', 'Large', () => importDesign('large', large));

  // An edit while runs are being made drops them for the new design.
  await page.selectOption('#preset-select', 'sre-absorbed');
  await measure('a preset chosen while another was simulating', "Reliability is everyone's job", () => page.selectOption('#preset-select', 'no-sre'));
  assert.match(await timing(), /^Checked in \d+ ms \(30 simulated runs\)$/);
  assert.equal(await page.locator('#scenario-title').textContent(), 'Reliability is everyone\'s job');
});

test('no page logged an error or asked another origin for anything', () => {
  assert.deepEqual(problems, []);
});
