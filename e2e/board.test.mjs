// End-to-end: the release build in dist/, served locally, in the system's
// Chromium. These tests look at the page the way a workshop sees it: the
// board draws the default preset, the preset menu changes it, cards answer
// the keyboard, and the page never talks to anything but its own origin.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve } from './server.mjs';
import { launch } from './chromium.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const DIST = here('../dist');
const SCREENSHOT = here('../docs/screenshots/board.png');

let server;
let browser;
let page;
const consoleErrors = [];
const pageErrors = [];
const foreignRequests = [];
const badResponses = [];

const board = () => page.locator('svg.board');
const team = (id) => board().locator(`g.team[data-team="${id}"]`);
const cardIn = (scope, capId) => scope.locator(`g.card[data-capability="${capId}"]`);

before(async () => {
  assert.ok(existsSync(`${DIST}/index.html`), 'dist/index.html is missing: run trunk build --release first');
  server = await serve(DIST);
  browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  // A returning visitor: the first-visit prompt (story.test.mjs) stays away.
  await context.addInitScript(() => { try { localStorage.setItem('faultline.intro.v1', 'answered'); } catch {} });
  page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('request', (r) => {
    if (new URL(r.url()).origin !== server.origin) foreignRequests.push(r.url());
  });
  page.on('response', (r) => r.status() >= 400 && badResponses.push(`${r.status()} ${r.url()}`));
  await page.goto(`${server.origin}/`);
  await board().locator('g.team').first().waitFor();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('the board shows the default preset: its teams and their capability cards', async () => {
  const teams = await board().locator('g.team').evaluateAll((gs) => gs.map((g) => g.dataset.team));
  assert.deepEqual(teams, ['platform', 'sre', 'checkout-team', 'search-team', 'accounts-team']);
  assert.equal(await team('platform').locator('.team-name').textContent(), 'Platform Engineering');
  assert.equal(await team('sre').locator('.team-name').textContent(), 'SRE');
  assert.match(await team('platform').locator('.team-meta').textContent(), /Platform · 9 people/);

  const platformCards = await team('platform')
    .locator('g.card')
    .evaluateAll((gs) => gs.map((g) => g.dataset.capability));
  assert.deepEqual(platformCards, ['clusters', 'ci', 'deploy', 'templates', 'identity', 'portal']);
  assert.match(await cardIn(team('platform'), 'deploy').getAttribute('aria-label'), /^Deploy and rollout system, delivery capability, owned by Platform Engineering$/);
  // Each drawn line ends with a space SVG does not draw, so the card's words read apart.
  assert.equal(await cardIn(team('sre'), 'error_budget_policy').locator('.card-name').first().textContent(), 'Error-budget policy ');
  assert.equal(await cardIn(team('checkout-team'), 'checkout').count(), 1);
  // Each box shows where its team's week goes; each service card how its SLO is kept.
  assert.equal(
    await team('platform').locator('.team-hours').getAttribute('aria-label'),
    'Platform Engineering: 360 h a week — 198 feature, 90 reliability (20 on-call, 70 fixes), 72 toil',
  );
  assert.equal(await team('platform').locator('.team-caption').textContent(), '360 h a week');
  const search = cardIn(team('search-team'), 'search');
  assert.equal(await search.locator('.slo-badge text').textContent(), 'SLO 99.9% · measured 100% ');
  assert.ok((await search.getAttribute('aria-label')).startsWith('Search, SLO 99.9% · measured 100%, service capability'));
  assert.equal(await board().locator('g.tray g.card').count(), 0, 'nothing is unowned in the default preset');
  assert.equal(await page.locator('#preset-select').inputValue(), 'clear-boundary');

  await mkdir(here('../docs/screenshots'), { recursive: true });
  await page.screenshot({ path: SCREENSHOT });
});

test('every card and team box stays inside the board and cards stay inside their teams', async () => {
  const problems = await page.evaluate(() => {
    const out = [];
    const within = (a, b) => a.left >= b.left - 1 && a.right <= b.right + 1 && a.top >= b.top - 1 && a.bottom <= b.bottom + 1;
    for (const g of document.querySelectorAll('svg.board g.team, svg.board g.tray')) {
      const box = g.querySelector(':scope > rect').getBoundingClientRect();
      for (const card of g.querySelectorAll('g.card')) {
        const cardBox = card.querySelector('rect.card-box').getBoundingClientRect();
        if (!within(cardBox, box)) out.push(`card ${card.dataset.capability} outside its box`);
        // Text is fitted by an estimate; check the browser agrees it fits.
        for (const t of card.querySelectorAll('text')) {
          if (!within(t.getBoundingClientRect(), cardBox)) out.push(`text "${t.textContent}" spills out of ${card.dataset.capability}`);
        }
      }
      for (const t of g.querySelectorAll(':scope > text, :scope > g.team-hours')) {
        if (!within(t.getBoundingClientRect(), box)) out.push(`"${t.textContent}" spills out of its box`);
      }
    }
    return out;
  });
  assert.deepEqual(problems, []);
});

test('choosing another preset in the menu redraws the board', async () => {
  await page.selectOption('#preset-select', { label: 'Orphaned cluster provisioning' });
  const orphan = cardIn(board().locator('g.tray'), 'clusters');
  await orphan.waitFor();
  assert.match(await orphan.getAttribute('aria-label'), /^Cluster provisioning, delivery capability, unowned$/);
  assert.equal(await cardIn(team('platform'), 'clusters').count(), 0, 'Platform no longer holds the orphan');
  assert.equal(await page.locator('#scenario-title').textContent(), 'Orphaned cluster provisioning');

  await page.selectOption('#preset-select', 'shared-deploy');
  await cardIn(team('sre'), 'deploy').waitFor();
  for (const owner of ['platform', 'sre']) {
    const card = cardIn(team(owner), 'deploy');
    assert.match(await card.getAttribute('class'), /\bshared\b/, `${owner}'s deploy card is marked shared`);
    assert.equal(await card.locator('.card-meta').textContent(), 'delivery · shared');
  }
  assert.equal(await board().locator('g.tray g.card').count(), 0);
});

test('a card can be selected from the keyboard', async () => {
  const card = cardIn(team('platform'), 'ci');
  await card.focus();
  await page.keyboard.press('Enter');
  assert.equal(await card.getAttribute('aria-pressed'), 'true');
  assert.match(await card.getAttribute('class'), /\bselected\b/);
  // The team around it was not selected by the same key press.
  assert.doesNotMatch(await team('platform').getAttribute('class'), /\bselected\b/);
  await page.keyboard.press(' ');
  assert.equal(await card.getAttribute('aria-pressed'), 'false');
});

test('the page made no error and no request to any other origin', async () => {
  const wasm = await page.evaluate(() =>
    performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.wasm')).map((e) => e.name),
  );
  assert.equal(wasm.length, 1, 'the app loaded its wasm');
  const res = await page.request.get(wasm[0]);
  assert.equal(res.headers()['content-type'], 'application/wasm');
  assert.deepEqual(consoleErrors, []);
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(badResponses, []);
  assert.deepEqual(foreignRequests, []);
});
