// End-to-end: the advisor in the release build, in Chromium. On the Shared
// deploy preset the user asks for suggestions: progress shows while the
// moves are weighed, the list comes back best first with an interval,
// cost and simple-test verdict for each, and the top moves appear on the
// board as ghost arrows. Applying the first is an ordinary edit (the deploy
// card leaves SRE's box, the suggestions go stale and the arrows go);
// undoing it brings both back. A sweep of the assumptions draws the tornado
// with its one-sentence conclusion, and a sweep can be cancelled. The views
// pass axe; the README's screenshots are taken here, and the page is looked
// at on a laptop, at 1024 × 768 and on a phone. Throughout, the page logs no
// error and asks nothing of any other origin.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './server.mjs';
import { launch } from './chromium.mjs';
import { watcher } from './watch.mjs';
import { audit } from './audit.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const DIST = process.env.FAULTLINE_DIST ?? here('../dist');
const DOCS = here('../docs/screenshots');
const SHOTS = process.env.FAULTLINE_SHOTS ?? here('../target/screenshots');
// Weighing ~80 moves takes seconds in a browser; a loaded CI machine is slower.
const WORK = { timeout: 180_000 };

let server;
let browser;
let context;
let page;
const { watch, seen } = watcher(() => server.origin);
const { consoleErrors, pageErrors, foreignRequests, badResponses } = seen;

const text = (sel) => page.locator(sel).textContent();
/** The teams whose box holds a card of capability `cap`. */
const holders = (cap) => page.evaluate((cap) =>
  [...document.querySelectorAll('svg.board g.team')]
    .filter((g) => g.querySelector(`[data-capability="${cap}"]`))
    .map((g) => g.getAttribute('data-team')), cap);

before(async () => {
  assert.ok(existsSync(`${DIST}/index.html`), `${DIST}/index.html is missing: run trunk build --release first`);
  server = await serve(DIST);
  browser = await launch();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(() => { try { localStorage.setItem('faultline.intro.v1', 'answered'); } catch {} });
  context.on('page', watch);
  page = await context.newPage();
  await page.goto(`${server.origin}/`);
  await page.locator('svg.board g.team').first().waitFor();
  await page.selectOption('#preset-select', 'shared-deploy');
  await page.locator('#scenario-title', { hasText: 'Shared ownership of the deploy system' }).waitFor();
  await mkdir(DOCS, { recursive: true });
  await mkdir(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('suggestions come back best first, each with its interval, cost and simple test, and appear on the board', async () => {
  await page.locator('#advisor').scrollIntoViewIfNeeded();
  await page.fill('#advisor-runs', '100');
  await page.selectOption('#advisor-objective', 'silent');
  const t0 = Date.now();
  await page.click('#advisor-suggest');
  // Progress with a Cancel while the moves are weighed.
  await page.locator('#advisor .run-progress').waitFor();
  assert.match(await text('#advisor .progress-text'), /^Weighing moves: \d+ of about \d+ runs$/);
  await page.locator('#advice-result').waitFor(WORK);
  console.log(`# suggestions for Shared deploy at 100 runs per move (the default): ${((Date.now() - t0) / 1000).toFixed(1)} s in Chromium`);
  console.log(`# ${await text('.advice-summary')}`);

  const items = page.locator('ol.suggestions > li');
  assert.equal(await items.count(), 8);
  const first = await items.first().textContent();
  // The top move undoes the anti-pattern: the deploy system gets one owner.
  assert.match(first, /Deploy and rollout system/);
  for (let i = 0; i < 8; i++) {
    const t = await items.nth(i).textContent();
    assert.match(t, /95% interval −?\+?[\d.]+ pts to [−+][\d.]+ pts, \d+ paired runs/, t);
    assert.match(t, /Cost: /, t);
    assert.match(t, /Simple test after: (clear|drifting|nobody decides reliability)/, t);
    assert.match(t, /(better|worse|not distinguishable from no change)/, t);
  }
  // The rest are a click away.
  const all = Number((await text('button.show-all')).match(/Show all (\d+) moves/)[1]);
  await page.click('button.show-all');
  assert.equal(await items.count(), all);
  assert.ok(all > 40, `${all} moves`);
  assert.ok(await page.locator('li.suggestion:has(.verdict-badge.is-unclear)').count() > 0,
    'some moves cannot be told from no change, and say so');
  await page.locator('#advisor-pair').waitFor();

  // Ghost arrows on the board, the first from the deploy card.
  const marks = page.locator('svg.board g.advice-mark');
  assert.ok(await marks.count() >= 1);
  assert.equal(await marks.first().getAttribute('data-rank'), '1');
  assert.equal(await page.locator('svg.board g.advice-mark[data-rank="1"] path.advice-arrow').getAttribute('data-cap'), 'deploy');
  assert.match(await page.locator('svg.board g.advice-mark[data-rank="1"] text').textContent(), /^#1 −\d+\.\d pts$/);
});

test('applying the first suggestion is an edit that undo takes back', async () => {
  const before = await holders('deploy');
  assert.equal(before.length, 2, `deploy is shared: ${before}`);
  await page.locator('ol.suggestions > li').first().locator('button.apply').click();
  await page.waitForFunction(() =>
    [...document.querySelectorAll('svg.board g.team')]
      .filter((g) => g.querySelector('[data-capability="deploy"]')).length === 1);
  const after = await holders('deploy');
  assert.equal(after.length, 1);
  assert.ok(before.includes(after[0]), `the deploy system stays with one of its owners: ${after}`);
  await page.locator('#advice-result .stale').waitFor();
  assert.equal(await page.locator('svg.board g.advice-mark').count(), 0, 'stale moves are not drawn');
  assert.ok(await page.locator('ol.suggestions > li button.apply').first().isDisabled());

  await page.getByRole('button', { name: /Undo/ }).click();
  await page.waitForFunction(() =>
    [...document.querySelectorAll('svg.board g.team')]
      .filter((g) => g.querySelector('[data-capability="deploy"]')).length === 2);
  await page.locator('#advice-result .stale').waitFor({ state: 'detached' });
  assert.ok(await page.locator('svg.board g.advice-mark').count() >= 1, 'the arrows come back with the design');
  assert.ok(await page.locator('ol.suggestions > li button.apply').first().isEnabled());
});

test('the advisor passes axe, and the README screenshot of suggestions on the board', async () => {
  await audit(page, 'the advisor with suggestions');
  await page.locator('svg.board').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(DOCS, 'advisor.png') });
  await page.locator('#advice-result').screenshot({ path: join(SHOTS, 'advisor-list.png') });
});

test('a sweep can be cancelled, and a finished one draws the tornado and says whether the answer holds', async () => {
  await page.fill('#advisor-runs', '20');
  await page.click('#advisor-sweep');
  await page.locator('#advisor .run-progress').waitFor();
  assert.match(await text('#advisor .progress-text'), /^Sweeping assumptions: \d+ of about \d+ runs$/);
  await page.locator('#advisor .run-progress button.cancel').click();
  await page.locator('#advisor .run-progress').waitFor({ state: 'detached' });
  assert.equal(await page.locator('#sweep-result').count(), 0, 'a cancelled sweep leaves no result');

  const t0 = Date.now();
  await page.click('#advisor-sweep');
  await page.locator('#sweep-result').waitFor(WORK);
  console.log(`# sweep of Shared deploy at 20 runs per end: ${((Date.now() - t0) / 1000).toFixed(1)} s in Chromium`);
  const sentence = await text('#sweep-sentence');
  console.log(`# ${sentence}`);
  assert.match(sentence, /Across every assumption's plausible range, the share of incidents ending silent, deflected or stalled for Shared ownership of the deploy system stays between/);
  const src = await page.locator('figure[data-chart="tornado"] img').getAttribute('src');
  const svg = Buffer.from(src.split(',')[1], 'base64').toString('utf8');
  assert.ok(svg.includes('What each assumption moves'), 'the tornado is drawn');
  await audit(page, 'the advisor with a sweep');
  await page.locator('#sweep-result').screenshot({ path: join(DOCS, 'tornado.png') });
});

test('the advisor on 1024 × 768 and on a phone', async () => {
  for (const [vp, file] of [[{ width: 1024, height: 768 }, 'advisor-1024.png'], [{ width: 390, height: 844 }, 'advisor-phone.png']]) {
    await page.setViewportSize(vp);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const spill = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      return [...document.querySelectorAll('#advisor, #advisor *')]
        .filter((el) => el.getBoundingClientRect().right > width + 1)
        .map((el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${el.className}`);
    });
    assert.deepEqual(spill, [], `nothing in the advisor spills off a ${vp.width} px page`);
    await page.locator('#advisor').screenshot({ path: join(SHOTS, file) });
  }
  await audit(page, 'the advisor on a phone');
});

test('the page made no error and no request to any other origin', async () => {
  assert.deepEqual(consoleErrors, []);
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(badResponses, []);
  assert.deepEqual(foreignRequests, []);
});
