// End-to-end: running a scenario in the release build, in Chromium. A preset
// is run once and replayed step by step to its verdicts, with the holder
// highlighted and hand-offs drawn on the board; Monte Carlo draws its
// distributions while the page stays usable and can be cancelled; two
// presets are compared; presenter mode and its keyboard controls work; the
// report and a chart are exported and their contents checked. Throughout,
// the page logs no error and asks nothing of any other origin. The
// screenshots in docs/screenshots are taken here.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve } from './server.mjs';
import { launch } from './chromium.mjs';
import { watcher } from './watch.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const DIST = process.env.FAULTLINE_DIST ?? here('../dist');
const SHOTS = here('../docs/screenshots');
// The eight outcomes' labels, as engine::Outcome::label gives them.
const OUTCOMES = [
  'resolved by accountability',
  'resolved after bouncing',
  'mitigated, fix pending',
  'mitigated, fix never prioritised',
  'deflected as working as designed',
  'stalled between teams',
  'degraded silently',
  'within SLO',
];

let server;
let browser;
let context;
let page;
const { watch, seen } = watcher(() => server.origin);
const { consoleErrors, pageErrors, foreignRequests, badResponses } = seen;

const text = (sel) => page.locator(sel).textContent();
const step = async () => Number((await text('#step-count')).split(' / ')[0]);
const total = async () => Number((await text('#step-count')).split(' / ')[1]);
const blur = () => page.evaluate(() => document.activeElement?.blur());
// Yew renders after a key or click is handled: wait for the step it moved
// to instead of reading the counter at once (a loaded machine lags the render).
const atStep = (n, options) => page.waitForFunction(
  (n) => Number(document.querySelector('#step-count').textContent.split(' / ')[0]) === n, n, options);

async function download(click) {
  const [dl] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: dl.suggestedFilename(), bytes: await readFile(await dl.path()) };
}

/** The SVG document behind a chart figure's image. */
async function chartSvg(id) {
  const src = await page.locator(`figure[data-chart="${id}"] img`).getAttribute('src');
  assert.match(src, /^data:image\/svg\+xml;base64,/);
  return Buffer.from(src.split(',')[1], 'base64').toString('utf8');
}

before(async () => {
  assert.ok(existsSync(`${DIST}/index.html`), `${DIST}/index.html is missing: run trunk build --release first`);
  server = await serve(DIST);
  browser = await launch();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  // A returning visitor: the first-visit prompt (story.test.mjs) stays away.
  await context.addInitScript(() => { try { localStorage.setItem('faultline.intro.v1', 'answered'); } catch {} });
  context.on('page', watch);
  page = await context.newPage();
  await page.goto(`${server.origin}/`);
  await page.locator('svg.board g.team').first().waitFor();
  await mkdir(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('a preset runs once and replays step by step to a verdict for every incident', async () => {
  await page.selectOption('#preset-select', 'orphaned-provisioning');
  await page.locator('svg.board g.tray g.card[data-capability="clusters"]').waitFor();
  await page.fill('#run-seed', '1');
  const t0 = Date.now();
  await page.click('#run-once');
  await page.locator('#play-pause').waitFor();
  await page.click('#next-verdict');
  await page.locator('#latest-verdict').waitFor();
  console.log(`# run once to the first verdict on screen: ${Date.now() - t0} ms (${await text('.run-meta')})`);
  // The board now shows what the run measured: each team's fix backlog and
  // the hours incidents took, and each service's worst SLO window.
  for (const caption of await page.locator('svg.board g.team .team-caption').allTextContents()) {
    assert.match(caption, /^fix backlog: (empty|1 item, [\d.]+ h|\d+ items, [\d.]+ h)$/);
  }
  assert.match(
    await page.locator('svg.board g.team[data-team="platform"] .team-hours').getAttribute('aria-label'),
    /^Platform Engineering: \d+ h a week — .*; incidents took [\d.]+ h a week; fix backlog: /,
  );
  const budget = await page.locator('svg.board g.card[data-capability="checkout"] .card-meta').textContent();
  assert.match(budget, /^budget \d+% (used|— breached)$/);
  assert.ok((await page.locator('svg.board g.card[data-capability="checkout"]').getAttribute('aria-label'))
    .startsWith(`Checkout, SLO 99.9% · measured 100%, ${budget}, service capability`));
  await page.locator('#scrubber').fill('0');
  await atStep(0);
  assert.equal(await text('#sim-clock'), 'Day 1 00:00');
  const n = await total();
  const incidents = Number((await text('.run-meta')).match(/(\d+) incidents/)[1]);
  assert.ok(n > 20 && incidents > 5, `a month of incidents: ${n} events, ${incidents} incidents`);

  // The arrow keys step through the log; the clock and the sentence follow.
  await blur();
  await page.keyboard.press('ArrowRight');
  await atStep(1);
  assert.match(await text('#current-event'), /^Day \d+ \d\d:\d\d.*begins/);
  await page.keyboard.press('ArrowRight');
  await atStep(2);
  await page.keyboard.press('ArrowLeft');
  await atStep(1);

  // Step forward until a hand-off between two teams: the arrow runs between
  // their boundaries and the receiving team is ringed as the holder.
  let arrow = page.locator('svg.board path.handoff-arrow');
  for (let i = 0; i < n && (await arrow.count()) === 0; i++) await page.click('#step-forward');
  assert.equal(await arrow.count(), 1, 'a hand-off is drawn as it happens');
  const from = await arrow.getAttribute('data-from');
  const to = await arrow.getAttribute('data-to');
  assert.notEqual(from, to);
  assert.equal(await page.locator(`svg.board g.team[data-team="${from}"]`).count(), 1);
  assert.equal(await page.locator(`svg.board g.holder[data-team="${to}"]`).count(), 1, `${to} holds it`);
  assert.match(await page.locator(`svg.board g.holder[data-team="${to}"] text`).textContent(), /^holds \d+ incidents?$/);
  const toName = await page.locator(`svg.board g.team[data-team="${to}"] .team-name`).textContent();
  assert.ok((await text('.open-incidents')).includes(toName.replace('…', '')), 'the open incident names its holder');
  // The arrow starts and ends at the two boxes' edges, not inside either.
  const boxes = await page.evaluate(([f, t]) => {
    const r = (id) => document.querySelector(`svg.board g.team[data-team="${id}"] rect.team-box`).getBoundingClientRect();
    const a = document.querySelector('svg.board path.handoff-arrow');
    const len = a.getTotalLength();
    const m = a.getScreenCTM();
    const pt = (d) => { const p = a.getPointAtLength(d); return { x: p.x * m.a + m.e, y: p.y * m.d + m.f }; };
    return { from: r(f), to: r(t), start: pt(0), end: pt(len) };
  }, [from, to]);
  const onEdge = (b, p) => p.x >= b.left - 2 && p.x <= b.right + 2 && p.y >= b.top - 2 && p.y <= b.bottom + 2 &&
    (Math.abs(p.x - b.left) < 2 || Math.abs(p.x - b.right) < 2 || Math.abs(p.y - b.top) < 2 || Math.abs(p.y - b.bottom) < 2);
  assert.ok(onEdge(boxes.from, boxes.start), `the arrow starts on ${from}'s boundary`);
  assert.ok(onEdge(boxes.to, boxes.end), `the arrow ends on ${to}'s boundary`);
  // The sentence being replayed is on screen: its part of the replay has
  // room for lines of it, and nothing of the replay is drawn over the next.
  const parts = await page.evaluate(() => {
    const r = (sel) => document.querySelector(sel).getBoundingClientRect();
    const line = parseFloat(getComputedStyle(document.querySelector('#current-event')).lineHeight);
    return { event: r('#current-event').height, line, now: r('.now-panel').bottom, meta: r('.run-meta').top };
  });
  assert.ok(parts.event >= 2 * parts.line, `the replayed event shows two lines at least: ${JSON.stringify(parts)}`);
  assert.ok(parts.now <= parts.meta, `the replay's parts do not overlap: ${JSON.stringify(parts)}`);
  await page.screenshot({ path: `${SHOTS}/playback.png` });

  // Shift+→ jumps to the next verdict: a plain sentence naming the incident, the teams and the cost.
  await blur();
  const atArrow = await step();
  await page.keyboard.press('Shift+ArrowRight');
  await page.waitForFunction(
    (s) => Number(document.querySelector('#step-count').textContent.split(' / ')[0]) > s, atArrow);
  const verdict = (await text('#latest-verdict')).replace(/^Verdict/, '');
  assert.match(verdict, /^[A-Z][a-z ]+ on [^:]+: .+ — /);
  assert.ok(OUTCOMES.some((o) => verdict.endsWith(`— ${o}`)), verdict);
  const closedSoFar = await page.locator('#verdict-list li').count();
  assert.ok(closedSoFar >= 1);
  assert.equal((await page.locator('#verdict-list li').last().locator('.verdict-text').textContent()), verdict);

  // Play advances on its own; pause stops it.
  const before = await step();
  await page.click('#play-pause');
  await page.waitForFunction((s) => Number(document.querySelector('#step-count').textContent.split(' / ')[0]) > s + 1, before);
  await page.click('#play-pause');
  assert.equal(await page.locator('#play-pause').getAttribute('aria-pressed'), 'false');

  // At the end every incident has its verdict, and the orphan's story is told.
  await page.locator('#scrubber').fill(String(n));
  await atStep(n);
  assert.equal(await page.locator('#verdict-list li').count(), incidents);
  const all = await page.locator('#verdict-list .verdict-text').allTextContents();
  for (const v of all) assert.ok(OUTCOMES.some((o) => v.endsWith(`— ${o}`)), v);
  assert.ok(all.some((v) => v.startsWith('Slow provisioning on Cluster provisioning:')), all.join('\n'));
  assert.equal(await page.locator('svg.board g.holder').count(), 0, 'nothing is held once everything has closed');

  // The budget and swimlanes charts follow the cursor.
  await page.locator('#scrubber').fill('10');
  await atStep(10);
  const clock = await text('#sim-clock');
  await page.waitForFunction((c) => {
    const src = document.querySelector('figure[data-chart="budget"] img').src;
    return atob(src.split(',')[1]).includes(`shown up to ${c}`);
  }, clock);
  assert.ok((await chartSvg('swimlanes')).includes(`shown up to ${clock}`));
});

test('editing the design marks the run as stale and takes its marks off the board', async () => {
  await page.selectOption('#preset-select', 'shared-deploy');
  await page.locator('.replay .stale').waitFor();
  assert.equal(await text('.replay .stale'), 'Design changed since this run — run again.');
  assert.equal(await page.locator('svg.board .run-overlay').count(), 0);
  // A stale run's backlogs are not this design's: the board shows its plan again.
  assert.match(await page.locator('svg.board g.team[data-team="platform"] .team-caption').textContent(), /^\d+ h a week$/);
  await page.click('#run-once');
  assert.equal(await page.locator('.replay .stale').count(), 0);
  // Arrows on a focused team box move the box, not the replay, and moving a
  // box changes nothing the simulation depends on: the run stays current.
  await page.click('#step-forward');
  const s0 = await step();
  const box = () => page.locator('svg.board g.team[data-team="sre"] rect.team-box').getAttribute('x');
  const x0 = Number(await box());
  await page.locator('svg.board g.team[data-team="sre"]').focus();
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction((x) => Number(document.querySelector('svg.board g.team[data-team="sre"] rect.team-box').getAttribute('x')) > x, x0);
  assert.equal(await step(), s0);
  assert.equal(await page.locator('.replay .stale').count(), 0);
  assert.equal(await page.locator('svg.board .run-overlay').count(), 1);
});

test('Monte Carlo draws the distributions, keeps the page usable and can be cancelled', async () => {
  await page.fill('#run-seed', '7');
  // A large set, cancelled half-way: the progress shows and the replay still answers.
  await page.fill('#run-count', '20000');
  await page.click('#run-monte-carlo');
  await page.locator('.run-progress progress').waitFor();
  await page.waitForFunction(() => Number(document.querySelector('.run-progress progress')?.value) >= 50);
  const s = await step();
  await page.click('#step-forward');
  // The replay answers while Monte Carlo runs: within a few frames, not after it.
  await atStep(s + 1, { timeout: 5_000 });
  assert.equal(await page.locator('.run-progress').count(), 1, 'Monte Carlo is still running');
  await page.click('.run-progress button.cancel');
  await page.locator('.run-progress').waitFor({ state: 'detached' });
  assert.equal(await page.locator('#monte-carlo').count(), 0, 'a cancelled set shows no results');

  for (const runs of [1000, 200]) {
    await page.fill('#run-count', String(runs));
    await page.click('#run-monte-carlo');
    await page.locator(`#mc-title:text("Monte Carlo: ${runs} runs from seed 7")`).waitFor({ timeout: 120_000 });
    console.log(`# ${await text('#mc-timing')}`);
  }
  assert.match(await text('#mc-timing'), /^200 runs in [\d.]+ s in this browser: \d+ runs per second, on \d+ workers?\.$/);
  assert.match(await text('.mc-headline'), /^Nobody resolved \d+% of incidents/);
  const outcomes = await chartSvg('outcomes');
  assert.ok(outcomes.includes('200 runs'), 'the outcomes chart is of these runs');
  for (const o of ['resolved by', 'degraded']) assert.ok(outcomes.includes(o), `outcomes chart labels ${o}`);
  const times = await chartSvg('times');
  assert.ok(times.includes('to detect') && times.includes('to mitigate'), 'both time series');
  assert.ok((await chartSvg('mc-handoffs')).includes('SRE'));
});

test('two presets are compared on the same failures and seeds', async () => {
  await page.selectOption('#compare-b', 'preset:clear-boundary');
  await page.fill('#compare-runs', '200');
  await page.click('#compare-start');
  await page.locator('#compare-verdict').waitFor({ timeout: 120_000 });
  const verdict = await text('#compare-verdict');
  assert.ok(verdict.includes('Clear boundary') && verdict.includes('Shared ownership of the deploy system'), verdict);
  const sides = await page.locator('.compare-side h3').allTextContents();
  assert.deepEqual(sides, ['Baseline: Clear boundary', 'Proposal: Shared ownership of the deploy system']);
  assert.equal(await page.locator('.compare-side table tbody tr').count(), 2 * OUTCOMES.length, 'one row per outcome on each side');
  assert.ok((await chartSvg('comparison')).includes('A/B comparison'));
  await page.locator('#compare-result').scrollIntoViewIfNeeded();
  await page.locator('.compare').screenshot({ path: `${SHOTS}/comparison.png` });

  // A file that is not a scenario shows its problems with their paths and changes nothing.
  const bad = JSON.stringify({ version: 1, teams: [{ id: 'a', name: '', kind: 'sre', headcount: -1, on_call: true, time_split: { feature: 50, reliability: 50, toil: 50 } }], capabilities: [] });
  await page.setInputFiles('#compare-file', { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(bad) });
  await page.locator('.import-problems').waitFor();
  const problems = await text('.import-problems');
  assert.match(problems, /bad\.json is not a scenario Faultline can run/);
  assert.match(problems, /teams\[0\]\.headcount/);
  assert.equal(await text('#compare-verdict'), verdict, 'the comparison is untouched');
  // A valid scenario file becomes the baseline; the proposal cannot run on
  // the failures of one with other capabilities, and the page says which.
  const fixture = await readFile(here('../tests/data/burn-rate.json'));
  await page.setInputFiles('#compare-file', { name: 'burn-rate.json', mimeType: 'application/json', buffer: fixture });
  await page.waitForFunction(() => document.querySelector('#compare-b').value === 'file');
  assert.equal(await page.locator('.import-problems').count(), 0);
  assert.equal(await page.locator('#compare-b option[value="file"]').textContent(), 'Imported: burn-rate.json');
  await page.click('#compare-start');
  await page.locator('.run-error').waitFor();
  assert.match(await text('.run-error'), /^The proposal cannot run on the baseline's failures: failures\[0\]\.target/);
  assert.equal(await text('#compare-verdict'), verdict, 'the last comparison stays');
  await page.selectOption('#compare-b', 'preset:clear-boundary');
});

test('presenter mode enlarges the page and the keyboard drives playback', async () => {
  await page.locator('#play-pause').scrollIntoViewIfNeeded();
  const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  // The card names' size on screen: the board's own type, scaled with it.
  const cardPx = () => page.evaluate(() => {
    const svg = document.querySelector('svg.board');
    return parseFloat(svg.querySelector('.card-name').getAttribute('font-size')) * svg.getScreenCTM().a;
  });
  const normal = await size();
  const normalCard = await cardPx();
  await blur();
  await page.keyboard.press('p');
  assert.match(await page.locator('.app').getAttribute('class'), /\bpresenter\b/);
  assert.equal(await page.locator('#presenter-toggle').getAttribute('aria-pressed'), 'true');
  assert.ok((await size()) > normal, 'type is larger');
  await page.waitForSelector('svg.board.stage');
  assert.ok((await cardPx()) > normalCard * 1.5, `the board's type is larger: ${normalCard} → ${await cardPx()}`);
  assert.equal(await page.locator('#report-md').isVisible(), false, 'editing chrome is hidden');
  assert.equal(await page.locator('#compare-file').isVisible(), false);
  for (const sel of ['.panel.inspector', '.toolbar']) {
    if ((await page.locator(sel).count()) > 0) assert.equal(await page.locator(sel).first().isVisible(), false, sel);
  }
  // The scrubber stays on the desk; on the stage the keys go to the start.
  assert.equal(await page.locator('#scrubber').isVisible(), false);
  await blur();
  await page.keyboard.press('Home');
  await atStep(0);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await atStep(2);
  await page.keyboard.press(' ');
  await page.locator('#play-pause[aria-pressed="true"]').waitFor();
  await page.waitForFunction(() => Number(document.querySelector('#step-count').textContent.split(' / ')[0]) > 3);
  await page.keyboard.press(' ');
  await page.locator('#play-pause[aria-pressed="false"]').waitFor();
  await page.keyboard.press('End');
  await atStep(await total());
  await page.keyboard.press('Home');
  await atStep(0);
  // Typing in a field is not a shortcut.
  await page.focus('#run-seed');
  await page.keyboard.press('p');
  assert.match(await page.locator('.app').getAttribute('class'), /\bpresenter\b/);
  await page.fill('#run-seed', '7');
  await page.click('#presenter-toggle');
  assert.doesNotMatch(await page.locator('.app').getAttribute('class'), /\bpresenter\b/);
  assert.equal(await size(), normal);
});

test('the report and a chart export with their content', async () => {
  const md = await download(() => page.click('#report-md'));
  assert.equal(md.name, 'faultline-report-shared-ownership-of-the-deploy-system.md');
  const report = md.bytes.toString('utf8');
  for (const part of [
    '# Faultline report: Shared ownership of the deploy system',
    '## The design',
    '## The simple test',
    '## Findings',
    '## Monte Carlo: 200 runs from seed 7',
    '| Outcome | Incidents | Share (95% CI) |',
    '## One run, seed 1',
    '## Comparison: Clear boundary vs Shared ownership of the deploy system',
    '![Monte Carlo outcomes](data:image/svg+xml;base64,',
    '![Error budget remaining per service](data:image/svg+xml;base64,',
  ]) {
    assert.ok(report.includes(part), `the report has ${part}`);
  }
  await page.locator('#scrubber').fill(String(await total()));
  const verdicts = await page.locator('#verdict-list .verdict-text').allTextContents();
  assert.ok(verdicts.length > 0);
  for (const v of verdicts) assert.ok(report.includes(v), `the report has the verdict: ${v}`);
  // Every embedded chart is an SVG document.
  for (const m of report.matchAll(/data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)/g)) {
    assert.ok(Buffer.from(m[1], 'base64').toString('utf8').startsWith('<svg'));
  }

  const [tab] = await Promise.all([context.waitForEvent('page'), page.click('#report-html')]);
  await tab.waitForLoadState();
  assert.equal(await tab.locator('h1').textContent(), 'Faultline report: Shared ownership of the deploy system');
  assert.ok((await tab.locator('figure img').count()) >= 7);
  assert.ok((await tab.content()).includes('@media print'));
  await tab.close();

  const svg = await download(() => page.locator('figure[data-chart="budget"] button.export-svg').click());
  assert.equal(svg.name, 'faultline-budget.svg');
  const doc = svg.bytes.toString('utf8');
  assert.ok(doc.startsWith('<svg') && doc.includes('Error budget remaining in each SLO window'));
  const png = await download(() => page.locator('figure[data-chart="outcomes"] button.export-png').click());
  assert.equal(png.name, 'faultline-outcomes.png');
  assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  // Drawn at twice the chart's size: 2000 × 1120.
  assert.equal(png.bytes.readUInt32BE(16), 2000);
  assert.equal(png.bytes.readUInt32BE(20), 1120);
});

test('the page made no error and no request to any other origin', async () => {
  assert.deepEqual(consoleErrors, []);
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(badResponses, []);
  assert.deepEqual(foreignRequests, []);
});
