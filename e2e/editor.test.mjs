// End-to-end tests of the board editor in the release build: real pointer
// drags, forms, undo, autosave across a reload, share links in a fresh
// browser, broken links and saved states, imports, and hostile team names.
// Every page, in every context, must log no error and ask nothing of any
// origin but its own.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { settles } from './settles.mjs';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { serve } from './server.mjs';
import { launch } from './chromium.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const DIST = process.env.DIST ?? here('../dist');
const HOSTILE = '<img src=x onerror=alert(1)>';

let server;
let browser;
let page;
const problems = [];

/** A new context and page, watched for errors, dialogs and foreign requests. */
async function open(url, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  // A returning visitor: the first-visit prompt (story.test.mjs) stays away.
  await context.addInitScript(() => { try { localStorage.setItem('faultline.intro.v1', 'answered'); } catch {} });
  const p = await context.newPage();
  p.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  p.on('pageerror', (e) => problems.push(`page error: ${e}`));
  p.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    d.dismiss();
  });
  p.on('request', (r) => {
    if (new URL(r.url()).origin !== server.origin) problems.push(`foreign request: ${r.url()}`);
  });
  p.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`));
  await p.goto(url);
  await p.locator('svg.board g.team').first().waitFor();
  return p;
}

const team = (p, id) => p.locator(`svg.board g.team[data-team="${id}"]`);
const card = (scope, id) => scope.locator(`g.card[data-capability="${id}"]`);
const ownersOf = (p, cap) =>
  p.locator(`svg.board g.card[data-capability="${cap}"]`).evaluateAll((cs) =>
    cs.map((c) => c.closest('g.team')?.dataset.team ?? 'tray').sort(),
  );

/** Drags with real mouse events from the centre of one element to another. */
async function drag(p, from, to, { alt = false } = {}) {
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  await p.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await p.mouse.down();
  if (alt) await p.keyboard.down('Alt');
  await p.mouse.move(a.x + a.width / 2 + 12, a.y + a.height / 2 + 12, { steps: 3 });
  await p.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 8 });
  await p.mouse.up();
  if (alt) await p.keyboard.up('Alt');
}

before(async () => {
  assert.ok(existsSync(`${DIST}/index.html`), `${DIST}/index.html is missing: run trunk build --release first`);
  server = await serve(DIST);
  browser = await launch();
  page = await open(`${server.origin}/`);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('dragging a capability to another team moves it and the diagnosis changes', async () => {
  const simple = page.locator('#simple-test');
  assert.match(await simple.textContent(), /The line is clear\./);
  assert.doesNotMatch(await simple.getAttribute('class'), /drifting/);

  await drag(page, card(team(page, 'sre'), 'error_budget_policy'), team(page, 'platform').locator('.team-band'));
  await settles(() => ownersOf(page, 'error_budget_policy'), ['platform']);
  await page.locator('#simple-test.drifting').waitFor();
  assert.match(await simple.textContent(), /Platform Engineering owns making it easy .* also decides .* drifting/);
  assert.match(await page.locator('#announcer').textContent(), /^Moved Error-budget policy to Platform Engineering$/);
  const finding = page.locator('.finding[data-code="simple_test_drift"] button');
  await finding.waitFor();

  // Choosing the finding outlines its subject on the board and selects it.
  await finding.click();
  assert.equal(await page.locator('svg.board rect.highlight[data-highlight="platform"]').count(), 1);
  assert.equal(await page.locator('.inspector[data-inspecting="platform"]').count(), 1);

  // Alt-drop shares instead of moving; dropping on the tray orphans.
  await drag(page, card(team(page, 'platform'), 'deploy'), team(page, 'sre').locator('.team-band'), { alt: true });
  await settles(() => ownersOf(page, 'deploy'), ['platform', 'sre']);
  assert.match(await card(team(page, 'sre'), 'deploy').getAttribute('class'), /\bshared\b/);
  await drag(page, card(team(page, 'sre'), 'deploy'), page.locator('svg.board g.tray rect.tray-box'));
  await settles(() => ownersOf(page, 'deploy'), ['platform'], 'the other co-owner keeps it');

  // Dragging a team's corner grip resizes it, in one undo step.
  const width = () => team(page, 'checkout-team').locator('rect.team-box').evaluate((r) => +r.getAttribute('width'));
  const w0 = await width();
  await drag(page, page.locator('svg.board path.resize-handle[data-resize="checkout-team"]'), team(page, 'search-team').locator('.team-band'));
  assert.ok((await width()) > w0 + 50, `wider than ${w0}: ${await width()}`);
  await page.keyboard.press('Control+z');
  await settles(() => width(), w0);

  // The "Drop to share" toggle does what Alt does, for touch screens.
  const toggle = page.getByRole('button', { name: 'Drop to share' });
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  await drag(page, card(team(page, 'platform'), 'templates'), team(page, 'checkout-team').locator('.team-band'));
  await settles(() => ownersOf(page, 'templates'), ['checkout-team', 'platform']);
  await toggle.click();
  await page.keyboard.press('Control+z');
  await settles(() => ownersOf(page, 'templates'), ['platform']);

  // One drag is one undo step.
  await page.getByRole('button', { name: /Undo/ }).click();
  await settles(() => ownersOf(page, 'deploy'), ['platform', 'sre']);
  await page.getByRole('button', { name: /Redo/ }).click();
  await settles(() => ownersOf(page, 'deploy'), ['platform']);
});

test('the inspector moves a card by keyboard and forms', async () => {
  const c = card(team(page, 'platform'), 'ci');
  await c.focus();
  await page.keyboard.press('Enter');
  await page.locator('#cap-owner').selectOption('checkout-team');
  await settles(() => ownersOf(page, 'ci'), ['checkout-team']);
  await page.locator('#cap-share').selectOption('sre');
  await settles(() => ownersOf(page, 'ci'), ['checkout-team', 'sre']);
  await page.getByRole('button', { name: 'Make unowned' }).click();
  await settles(() => ownersOf(page, 'ci'), ['tray']);
  for (let i = 0; i < 3; i++) await page.keyboard.press('Control+z');
  await settles(() => ownersOf(page, 'ci'), ['platform']);
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('.inspector[data-inspecting]').count(), 0);

  // Arrow keys nudge a focused team box; one undo puts it back.
  const box = () => team(page, 'search-team').locator('rect.team-box').evaluate((r) => [+r.getAttribute('x'), +r.getAttribute('y'), +r.getAttribute('width')]);
  const [x0, y0, w0] = await box();
  await team(page, 'search-team').focus();
  await page.keyboard.press('ArrowDown');
  // The first move pins every box where it is drawn, in whole units.
  const [x, w] = [Math.round(x0), Math.round(w0)];
  await settles(() => box(), [x, Math.round(y0) + 10, w]);
  await page.keyboard.press('Shift+ArrowRight');
  await settles(() => box(), [x, Math.round(y0) + 10, w + 20]);
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+z');
  await settles(() => box(), [x0, y0, w0]);
});

test('a team is created, renamed with markup that stays text, deleted and brought back by undo', async () => {
  await page.locator('#new-team-name').fill('Data platform');
  await page.getByRole('button', { name: 'Add team' }).click();
  const data = team(page, 'data-platform');
  await data.waitFor();
  assert.equal(await data.locator('.team-name').textContent(), 'Data platform');

  await data.focus();
  await page.keyboard.press('Enter');
  await page.locator('#team-name').fill(HOSTILE);
  await page.locator('#team-name').press('Enter');
  await page.locator('#team-name').blur();
  await data.locator('.team-name', { hasText: '<img' }).waitFor();
  assert.equal(await data.getAttribute('aria-label').then((l) => l.startsWith(`Team ${HOSTILE}:`)), true);
  assert.equal(await page.locator('img').count(), 0, 'the name was not parsed as markup');

  // Headcount refuses nonsense with a message and keeps the old value.
  await page.locator('#team-headcount').fill('-3');
  await page.locator('#team-headcount').press('Enter');
  await page.locator('.inspector .field-error', { hasText: 'Headcount' }).waitFor();
  assert.match(await data.locator('.team-meta').textContent(), /5 people/);

  // The linked sliders always sum to 100.
  await page.locator('#split-0').fill('80');
  const split = await page.locator('.split output').allTextContents();
  assert.equal(split.map((s) => parseInt(s, 10)).reduce((a, b) => a + b, 0), 100, split.join(' '));

  // Give it a capability, then delete the team: the capability is orphaned.
  await drag(page, card(team(page, 'platform'), 'portal'), data.locator('.team-band'));
  await settles(() => ownersOf(page, 'portal'), ['data-platform']);
  await page.getByRole('button', { name: /^Delete team / }).click();
  assert.equal(await data.count(), 0);
  await settles(() => ownersOf(page, 'portal'), ['tray']);
  await page.keyboard.press('Control+z');
  await data.waitFor();
  await settles(() => ownersOf(page, 'portal'), ['data-platform']);
  assert.equal(await data.locator('.team-name').textContent(), HOSTILE);
});

test('a failure is injected with defaults, shows on the timeline, and bad numbers are refused', async () => {
  const marks = page.locator('.timeline g.tl-mark');
  const before = await marks.count();
  await page.locator('#new-failure-kind').selectOption('latency_creep');
  assert.equal(await page.locator('#new-failure-shape').inputValue(), 'ramp', 'the kind brings its default shape');
  await page.locator('#new-failure-target').selectOption('checkout');
  await page.locator('#new-failure-day').fill('-1');
  await page.getByRole('button', { name: 'Inject failure' }).click();
  await page.locator('.failure-form .field-error', { hasText: 'Start day' }).waitFor();
  assert.equal(await marks.count(), before);

  await page.locator('#new-failure-day').fill('3');
  await page.locator('#new-failure-hour').fill('9');
  await page.getByRole('button', { name: 'Inject failure' }).click();
  const mark = page.locator('.timeline g.tl-mark[data-failure="f1"]');
  await mark.waitFor();
  assert.equal(await mark.getAttribute('aria-label'), 'Latency creep on Checkout, day 3, 09:00');
  assert.equal(await marks.count(), before + 1);
  assert.match(await page.locator('#failures-title').textContent(), new RegExp(`\\(${before + 1}\\)`));

  // Change it from the list: a later hour moves its mark; undo puts it back.
  const row = page.locator('.failure-list li[data-failure="f1"]');
  await row.getByRole('button', { name: /^Change / }).click();
  await row.locator('#edit-failure-hour').fill('17');
  await row.getByRole('button', { name: 'Save changes' }).click();
  await page.locator('.timeline g.tl-mark[data-failure="f1"][aria-label$="day 3, 17:00"]').waitFor();
  await page.keyboard.press('Control+z');
  await page.locator('.timeline g.tl-mark[data-failure="f1"][aria-label$="day 3, 09:00"]').waitFor();

  // Remove one of the preset's failures, and bring it back.
  await page.getByRole('button', { name: /^Remove Config drift on Service templates/ }).click();
  assert.equal(await marks.count(), before);
  await page.getByRole('button', { name: /Undo/ }).click();
  assert.equal(await marks.count(), before + 1);
});

test('a reload restores exactly the scenario that was on the board', async () => {
  const snapshot = () =>
    page.evaluate(() => ({
      teams: [...document.querySelectorAll('svg.board g.team')].map((g) => [g.dataset.team, g.querySelector('.team-name').textContent, [...g.querySelectorAll('g.card')].map((c) => c.dataset.capability)]),
      tray: [...document.querySelectorAll('svg.board g.tray g.card')].map((c) => c.dataset.capability),
      failures: [...document.querySelectorAll('.timeline g.tl-mark')].map((m) => m.getAttribute('aria-label')),
      simple: document.querySelector('#simple-test').textContent,
    }));
  const before = await snapshot();
  await page.reload();
  await page.locator('svg.board g.team[data-team="data-platform"]').waitFor();
  assert.deepEqual(await snapshot(), before);
});

test('a share link opens the same scenario in a fresh browser, then leaves the address', async () => {
  await page.getByRole('button', { name: 'Share link' }).click();
  const link = await page.locator('#share-link').inputValue();
  assert.match(link, new RegExp(`^${server.origin}/#s=[A-Za-z0-9_-]+$`));
  const fresh = await open(link);
  await team(fresh, 'data-platform').waitFor();
  assert.equal(await team(fresh, 'data-platform').locator('.team-name').textContent(), HOSTILE);
  await settles(() => ownersOf(fresh, 'error_budget_policy'), ['platform']);
  assert.equal(await fresh.locator('.timeline g.tl-mark[data-failure="f1"]').count(), 1);
  assert.equal(new URL(fresh.url()).hash, '', 'the fragment is replaced so a reload uses the autosave');

  // A link pasted into the open page changes only the fragment; it still opens.
  await fresh.selectOption('#preset-select', 'no-sre');
  await fresh.evaluate((h) => { location.hash = h; }, new URL(link).hash);
  await team(fresh, 'data-platform').waitFor();
  assert.equal(new URL(fresh.url()).hash, '');
  await fresh.evaluate(() => { location.hash = '#s=AAAA'; });
  await fresh.locator('.notice h2', { hasText: 'The shared link could not be opened' }).waitFor();
  assert.equal(await team(fresh, 'data-platform').count(), 1, 'a broken link leaves the board as it was');
  await fresh.context().close();
});

test('a corrupt link opens the default with a message and the rejected text to download', async () => {
  const p = await open(`${server.origin}/#s=AAAA`);
  const notice = p.locator('.notice');
  await notice.waitFor();
  assert.equal(await notice.locator('h2').textContent(), 'The shared link could not be opened');
  assert.match(await notice.locator('.problems').textContent(), /the link is damaged/);
  assert.equal(await p.locator('#scenario-title').textContent(), 'Clear boundary');
  const [download] = await Promise.all([p.waitForEvent('download'), p.locator('#download-rejected').click()]);
  assert.equal(download.suggestedFilename(), 'faultline-link.txt');
  await p.context().close();
});

test('a corrupt saved state and an invalid imported file are listed with their paths', async () => {
  const p = await open(`${server.origin}/`);
  await p.evaluate(() =>
    localStorage.setItem('faultline.scenario.v1', '{"version":1,"teams":[{"id":"a","name":"","kind":"sre","headcount":-2,"on_call":true,"time_split":{"feature":1,"reliability":1,"toil":1}}],"capabilities":[]}'),
  );
  await p.reload();
  const notice = p.locator('.notice');
  await notice.waitFor();
  assert.equal(await notice.locator('h2').textContent(), 'Your saved work could not be restored');
  const listed = await notice.locator('.problems li').allTextContents();
  assert.ok(listed.some((l) => l.startsWith('teams[0].headcount')), listed.join('\n'));
  assert.ok(listed.some((l) => l.startsWith('teams[0].time_split')), listed.join('\n'));
  assert.equal(await p.locator('#scenario-title').textContent(), 'Clear boundary');
  // The rejected save is kept aside, so a reload before downloading it loses nothing.
  assert.match(await p.evaluate(() => localStorage.getItem('faultline.rejected.v1')), /"headcount":-2/);
  await notice.getByRole('button', { name: 'Dismiss' }).click();

  await p.locator('#import-file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"version": 1, "teams": [') });
  await notice.waitFor();
  assert.equal(await notice.locator('h2').textContent(), 'broken.json could not be imported');
  assert.match(await notice.locator('.problems').textContent(), /not valid JSON/);
  assert.equal(await p.locator('#scenario-title').textContent(), 'Clear boundary', 'the board is unchanged');

  // A good file opens, and the export gives back the same scenario.
  const [download] = await Promise.all([p.waitForEvent('download'), p.getByRole('button', { name: 'Export JSON' }).click()]);
  assert.equal(download.suggestedFilename(), 'faultline-scenario.json');
  await p.selectOption('#preset-select', 'no-sre');
  await p.locator('#import-file').setInputFiles(await download.path());
  await p.locator('#scenario-title', { hasText: 'Clear boundary' }).waitFor();
  assert.equal(await p.locator('.notice').count(), 0);
  await p.context().close();
});

test('the README screenshot: a preset with a finding highlighted', async () => {
  const p = await open(`${server.origin}/`, { width: 1600, height: 1000 });
  await p.selectOption('#preset-select', 'sre-absorbed');
  await p.locator('.finding button').first().click();
  await mkdir(here('../docs/screenshots'), { recursive: true });
  await p.screenshot({ path: here('../docs/screenshots/editor.png') });
  await p.context().close();
});

test('no page logged an error, opened a dialog or asked another origin for anything', () => {
  assert.deepEqual(problems, []);
});
