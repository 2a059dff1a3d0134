// End-to-end accessibility audit of the release build, in Chromium: axe-core
// checks each view a learner, a facilitator or a presenter sees against
// WCAG 2.0 and 2.1 A and AA and axe's best practices (with the check that a
// control's accessible name contains its visible label switched on). The
// views: the first visit with its prompt, a Learn chapter before and after
// its reveal and goal check, the help overlay, the Workshop view with its QR
// code, the facilitator's window, and presenter mode after a run. Every
// violation of any impact is printed; a serious or critical one fails the
// test of its view. Throughout, no page logs an error and nothing asks any
// other origin for anything.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve } from './server.mjs';
import { launch } from './chromium.mjs';
import { watcher } from './watch.mjs';
import { audit } from './audit.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const DIST = process.env.FAULTLINE_DIST ?? here('../dist');
const VIEWPORT = { width: 1366, height: 768 };
const SIMULATION = { timeout: 30_000 };

let server;
let browser;
let context;
let page;
let desk;
const { watch, seen } = watcher(() => server.origin);
const { consoleErrors, pageErrors, foreignRequests, badResponses } = seen;


before(async () => {
  assert.ok(existsSync(`${DIST}/index.html`), `${DIST}/index.html is missing: run trunk build --release first`);
  server = await serve(DIST);
  browser = await launch();
  context = await browser.newContext({ viewport: VIEWPORT });
  context.on('page', watch);
  page = await context.newPage();
  await page.goto(`${server.origin}/`);
  await page.locator('svg.board g.team').first().waitFor();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('the first visit, with the prompt to start the story', async () => {
  await page.locator('#intro').waitFor();
  await audit(page, 'the default page');
});

test('a Learn chapter before its reveal', async () => {
  await page.click('#intro-start');
  await page.locator('.story-panel').waitFor();
  await page.selectOption('#story-chapter', '2');
  await page.locator('#chapter-title', { hasText: 'The bounce' }).waitFor();
  await page.locator('label.choice', { hasText: '20% to 40%' }).click();
  await page.locator('#story-reveal:not([disabled])').waitFor();
  await audit(page, 'a Learn chapter before its reveal');
});

test('a Learn chapter after its reveal and a goal check', async () => {
  await page.click('#story-reveal');
  await page.locator('#story-result').waitFor(SIMULATION);
  await page.click('#story-check');
  await page.locator('#goal-result').waitFor(SIMULATION);
  await audit(page, 'a Learn chapter after its reveal');
});

test('the help overlay', async () => {
  await page.click('#open-help');
  await page.locator('#help').waitFor();
  try {
    await audit(page, 'the help overlay');
  } finally {
    // Closed whatever the audit found, so the views after it can be reached.
    await page.click('#help-close');
    await page.locator('#help').waitFor({ state: 'detached' });
  }
});

test('the Workshop view with the QR code shown', async () => {
  await page.click('#story-mode');
  await page.locator('.story-panel.workshop').waitFor();
  // A chapter not yet revealed, so the room can still predict.
  await page.click('#story-next');
  await page.locator('#chapter-title', { hasText: 'Working as designed' }).waitFor();
  await page.click('#tally-0');
  await page.keyboard.type('4');
  await page.click('#toggle-qr');
  await page.locator('svg.qr').waitFor();
  await audit(page, 'the Workshop view with the QR code');
});

test('the facilitator window', async () => {
  [desk] = await Promise.all([context.waitForEvent('page'), page.click('#open-facilitator')]);
  await desk.locator('#facilitator-title').waitFor();
  await desk.locator('#f-reveal').click();
  await desk.locator('#facilitator-answer').waitFor(SIMULATION);
  try {
    await audit(desk, 'the facilitator window');
  } finally {
    await desk.close();
  }
});

test('presenter mode after a run', async () => {
  await page.click('#story-close');
  await page.locator('.story-panel').waitFor({ state: 'detached' });
  await page.click('#run-once');
  await page.locator('#play-pause').waitFor();
  await page.click('#step-forward');
  await page.locator('h1').click();
  await page.keyboard.press('p');
  await page.locator('.app.presenter').waitFor();
  await audit(page, 'presenter mode after Run once');
});

test('no page logged an error or asked another origin for anything', () => {
  assert.deepEqual(consoleErrors, []);
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(badResponses, []);
  assert.deepEqual(foreignRequests, []);
});
