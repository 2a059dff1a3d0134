// End-to-end: the board stays put and readable while a replay runs. In
// presenter mode at 1024×768 and 1280×720, and in the normal layout at
// 1024×768 and 1366×768, a preset is run once and replayed for 40 steps
// (played by the timer, as a facilitator presses Play, and stepped with the
// arrow keys); the board's place and size are read before and after, the
// cumulative layout shift over the replay is measured with a
// PerformanceObserver, and on the projected board the card text is measured
// in screen pixels. The figures are printed for the README.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { serve } from './server.mjs';
import { launch } from './chromium.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const DIST = process.env.FAULTLINE_DIST ?? here('../dist');
const PRESETS = ['clear-boundary', 'sre-absorbed', 'no-sre', 'shared-deploy', 'orphaned-provisioning'];

let server;
let browser;
const errors = [];

before(async () => {
  server = await serve(DIST);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(viewport) {
  const context = await browser.newContext({ viewport });
  // A returning visitor: no first-run prompt above the board.
  await context.addInitScript(() => { try { localStorage.setItem('faultline.intro.v1', 'answered'); } catch {} });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(server.origin + '/');
  await page.waitForSelector('svg.board .card');
  // Every layout shift from now on, with whether input came just before it.
  await page.evaluate(() => {
    window.__shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__shifts.push({ value: e.value, input: e.hadRecentInput, t: e.startTime });
    }).observe({ type: 'layout-shift', buffered: false });
  });
  return { context, page };
}

/// Cumulative layout shift as the web-vitals library counts it: the
/// largest session window (shifts under 1 s apart, at most 5 s long) of
/// shifts not caused by recent input; and the same counting every shift.
async function cls(page) {
  return page.evaluate(() => {
    const window_ = (shifts) => {
      let best = 0, cur = 0, first = 0, last = 0;
      for (const s of shifts) {
        if (cur && (s.t - last > 1000 || s.t - first > 5000)) { cur = 0; }
        if (!cur) first = s.t;
        cur += s.value; last = s.t;
        best = Math.max(best, cur);
      }
      return best;
    };
    const all = window.__shifts;
    return { cls: window_(all.filter((s) => !s.input)), withInput: window_(all), count: all.length };
  });
}

const boardBox = (page) => page.evaluate(() => {
  const r = document.querySelector('svg.board').getBoundingClientRect();
  return [r.x, r.y, r.width, r.height].map((v) => Math.round(v * 10) / 10);
});

/// The smallest card name and card meta text on the board, in screen pixels.
const cardText = (page) => page.evaluate(() => {
  const svg = document.querySelector('svg.board');
  const scale = svg.getScreenCTM().a;
  const px = (sel) => Math.min(...[...svg.querySelectorAll(sel)].map((t) => parseFloat(t.getAttribute('font-size')) * scale));
  return { name: px('.card .card-name'), meta: px('.card .card-meta') };
});

async function replay(page, { presenter }) {
  if (presenter) {
    await page.keyboard.press('p');
    await page.waitForSelector('.app.presenter');
    await page.waitForFunction(() => document.querySelector('svg.board.stage'));
  }
  await page.keyboard.press('r');
  await page.waitForSelector('#step-count', { state: 'attached' });
  await page.waitForTimeout(300);
  const start = await boardBox(page);
  const text = await cardText(page);
  await page.evaluate(() => { window.__shifts = []; });
  // 20 steps played by the timer at 8 events a second, as Play does…
  await page.selectOption('#speed', '8');
  await page.evaluate(() => document.activeElement?.blur());
  await page.keyboard.press('Space');
  await page.waitForFunction(() => Number(document.querySelector('#step-count').textContent.split(' / ')[0]) >= 20);
  await page.keyboard.press('Space');
  const played = await cls(page);
  // …and 20 more stepped with the arrow key.
  await page.evaluate(() => { window.__shifts = []; });
  for (let i = 0; i < 20; i += 1) {
    await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(60);
  }
  const stepped = await cls(page);
  const end = await boardBox(page);
  const step = Number((await page.locator('#step-count').textContent()).split(' / ')[0]);
  return { start, end, text, played, stepped, step };
}

for (const [w, h] of [[1024, 768], [1280, 720]]) {
  test(`presenter mode at ${w}×${h}: the board stays, its card text is large, nothing shifts`, async () => {
    for (const preset of PRESETS) {
      const { context, page } = await open({ width: w, height: h });
      if (preset !== 'clear-boundary') {
        await page.selectOption('#preset-select', preset);
        await page.waitForTimeout(200);
      }
      const r = await replay(page, { presenter: true });
      console.log(
        `presenter ${w}×${h} ${preset}: board ${r.start.join(',')}; card name ${r.text.name.toFixed(1)} px, ` +
          `meta ${r.text.meta.toFixed(1)} px; CLS over 20 played steps ${r.played.cls.toFixed(4)}, ` +
          `over 20 arrow steps ${r.stepped.cls.toFixed(4)} (${r.stepped.withInput.toFixed(4)} counting input); ` +
          `ended at step ${r.step}`,
      );
      assert.ok(r.step >= 40, `${preset}: replayed ${r.step} steps`);
      assert.deepEqual(r.end, r.start, `${preset}: the board moved or resized during the replay`);
      assert.ok(r.played.cls < 0.05 && r.stepped.withInput < 0.05, `${preset}: layout shift ${JSON.stringify(r)}`);
      assert.ok(r.start[1] + r.start[3] <= h + 1, `${preset}: the board runs below the screen: ${r.start}`);
      if (w === 1024) assert.ok(r.text.name >= 18 && r.text.meta >= 18, `${preset}: card text ${JSON.stringify(r.text)}`);
      await context.close();
    }
  });
}

for (const [w, h] of [[1024, 768], [1366, 768]]) {
  test(`the normal layout at ${w}×${h}: the board keeps its size and place through a replay`, async () => {
    const { context, page } = await open({ width: w, height: h });
    const r = await replay(page, { presenter: false });
    console.log(
      `normal ${w}×${h}: board ${r.start.join(',')}; card name ${r.text.name.toFixed(1)} px; CLS over 20 played ` +
        `steps ${r.played.cls.toFixed(4)}, over 20 arrow steps ${r.stepped.withInput.toFixed(4)} counting input`,
    );
    assert.deepEqual(r.end, r.start, 'the board moved or resized during the replay');
    assert.ok(r.played.cls < 0.05 && r.stepped.withInput < 0.05, JSON.stringify(r));
    await context.close();
  });
}

test('Monte Carlo in presenter mode brings its result into view', async () => {
  const { context, page } = await open({ width: 1024, height: 768 });
  await page.keyboard.press('p');
  await page.waitForSelector('.app.presenter');
  await page.fill('#run-count', '50').catch(() => {});
  await page.evaluate(() => document.activeElement?.blur());
  await page.keyboard.press('m');
  await page.waitForSelector('#monte-carlo', { timeout: 60000 });
  await page.waitForFunction(() => {
    const r = document.querySelector('#monte-carlo').getBoundingClientRect();
    return r.top < window.innerHeight && r.bottom > 0;
  }, null, { timeout: 5000 });
  await context.close();
});

test('no errors in the page', () => {
  assert.deepEqual(errors, []);
});
