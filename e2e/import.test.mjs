// End-to-end: planning on a real organisation in the release build, in
// Chromium, the way a director would. A Backstage catalog is imported through
// its mapping step (guesses checked, one choice changed, the design named)
// and replaces the board as one undoable step; it is kept as the baseline,
// a capability is moved and the proposal renamed, the two are compared, and
// the report and the catalog YAML are exported and read. Bad input (an alias
// bomb, a spreadsheet with an unknown owner) shows its problems and keeps the
// work; the CSV template downloads; axe-core checks the open mapping step;
// and the README's screenshot of the mapping step is taken here. Throughout,
// the page logs no error and asks nothing of any other origin.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './server.mjs';
import { launch } from './chromium.mjs';
import { settles } from './settles.mjs';
import { watcher } from './watch.mjs';
import { audit } from './audit.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const DIST = process.env.FAULTLINE_DIST ?? here('../dist');
const CATALOG = here('../tests/data/import/acme-catalog.yaml');
const SCREENSHOT = here('../docs/screenshots/import-mapping.png');
const SHOTS = process.env.FAULTLINE_SHOTS ?? '/tmp/shots';
// The wasm loads and the first board draws: generous on a loaded machine.
const LOAD = { timeout: 60_000 };
const SIMULATION = { timeout: 180_000 };

let server;
let browser;
let context;
let page;
let scratch;
const { watch, seen } = watcher(() => server.origin);
const { consoleErrors, pageErrors, foreignRequests, badResponses } = seen;

const text = (sel) => page.locator(sel).textContent();
/** The names of the teams on the board, as their boxes' labels give them. */
const teamNames = (p = page) =>
  p.locator('svg.board g.team').evaluateAll((gs) =>
    gs.map((g) => (g.getAttribute('aria-label') ?? '').match(/^Team (.*?): /)?.[1] ?? `?${g.dataset.team}`));
const hasTeam = async (name, p = page) => (await teamNames(p)).includes(name);
const ownersOf = (cap) =>
  page.locator(`svg.board g.card[data-capability="${cap}"]`).evaluateAll((cs) =>
    cs.map((c) => c.closest('g.team')?.dataset.team ?? 'tray').sort());
const teamRow = (id) => page.locator(`#import-teams tr[data-id="${id}"] select`);
const capRow = (id) => page.locator(`#import-capabilities tr[data-id="${id}"] select`);

async function download(click) {
  const [dl] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: dl.suggestedFilename(), text: (await readFile(await dl.path())).toString('utf8') };
}

/** A fresh visitor who has answered the first-visit prompt, on the default preset. */
async function openApp(viewport) {
  const ctx = await browser.newContext({ viewport, acceptDownloads: true });
  await ctx.addInitScript(() => { try { localStorage.setItem('faultline.intro.v1', 'answered'); } catch {} });
  ctx.on('page', watch);
  const p = await ctx.newPage();
  await p.goto(`${server.origin}/`);
  await p.locator('svg.board g.team').first().waitFor(LOAD);
  return { ctx, p };
}


before(async () => {
  assert.ok(existsSync(`${DIST}/index.html`), `${DIST}/index.html is missing: run trunk build --release first`);
  scratch = await mkdtemp(join(tmpdir(), 'faultline-import-'));
  server = await serve(DIST);
  browser = await launch();
  ({ ctx: context, p: page } = await openApp({ width: 1280, height: 800 }));
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

test('a catalog is mapped, named and replaces the board as one undoable step', async () => {
  assert.equal(await page.locator('#preset-select').inputValue(), 'clear-boundary');
  assert.ok(await hasTeam('Platform Engineering'), 'the preset is on the board');

  await page.setInputFiles('#import-file', CATALOG);
  await page.locator('#import-mapping').waitFor();
  assert.equal(await text('#import-title'), 'Import acme-catalog.yaml');
  assert.match(await text('.import-summary'), /^Read 108 documents: /);
  // Nothing on the board changes until the board is replaced.
  const names = await teamNames();
  assert.ok(names.includes('Platform Engineering'), names.join(', '));
  assert.ok(!names.includes('Developer Experience'), `not on the board yet: ${names.join(', ')}`);
  assert.equal(await text('#scenario-title'), 'Clear boundary');

  // The guesses: SRE plays SRE; the organisation is not a team.
  assert.equal(await teamRow('sre').inputValue(), 'sre');
  assert.equal(await teamRow('acme-corp').inputValue(), 'omit');
  assert.equal(await page.locator('#import-teams tr[data-id="sre"] th').textContent(), 'Site Reliability Engineering');

  // Every choice rebuilds the scenario at once.
  const outcome = page.locator('.import-outcome');
  assert.match(await outcome.textContent(), /^Ready: \d+ teams, 35 capabilities \(\d+ product services\), \d+ failures injected\./);
  await capRow('feature-flags').selectOption('omit');
  await page.locator('.import-outcome', { hasText: /Ready: \d+ teams, 34 capabilities/ }).waitFor();
  assert.match(await page.locator('#import-capabilities tr[data-id="feature-flags"]').getAttribute('class'), /\bomitted\b/);

  await page.fill('#import-design-title', 'ACME today');
  assert.equal(await page.locator('#import-confirm').textContent(), 'Replace the board');
  await page.click('#import-confirm');
  await page.locator('#import-mapping').waitFor({ state: 'detached' });
  await page.locator('#scenario-title', { hasText: 'ACME today' }).waitFor();
  await settles(async () => {
    const n = await teamNames();
    return ['Developer Experience', 'Site Reliability Engineering', 'Platform Engineering'].every((t) => n.includes(t));
  }, true, 'the catalog\'s teams are on the board');
  assert.ok(!(await hasTeam('ACME Corp')), 'the organisation is not a team');
  assert.equal(await page.locator('svg.board g.card[data-capability="feature-flags"]').count(), 0, 'left out');
  assert.equal(await page.locator('#design-title').inputValue(), 'ACME today');

  // One undoable step: undo brings the preset back, redo the import.
  await page.evaluate(() => document.activeElement?.blur());
  await page.keyboard.press('Control+z');
  await page.locator('#scenario-title', { hasText: 'Clear boundary' }).waitFor();
  await settles(() => teamNames(), ['Platform Engineering', 'SRE', 'Checkout team', 'Search team', 'Accounts team'],
    'undo brings the preset back');
  await page.getByRole('button', { name: /Redo/ }).click();
  await page.locator('#scenario-title', { hasText: 'ACME today' }).waitFor();
  await settles(() => hasTeam('Developer Experience'), true, 'redo brings the import back');
  await page.getByRole('button', { name: /Undo/ }).click();
  await page.locator('#scenario-title', { hasText: 'Clear boundary' }).waitFor();
  assert.equal(await page.getByRole('button', { name: /Undo/ }).isDisabled(), true, 'the import was the only step');
  await page.getByRole('button', { name: /Redo/ }).click();
  await page.locator('#scenario-title', { hasText: 'ACME today' }).waitFor();
  await settles(() => hasTeam('Site Reliability Engineering'), true);
});

test('today is kept as the baseline, a capability moves and the proposal is compared', async () => {
  await page.click('#set-baseline');
  await page.locator('#baseline-name', { hasText: 'ACME today' }).waitFor();
  assert.match(await text('#baseline-name'), /^Baseline: ACME today — the board is the baseline/);
  assert.equal(await page.locator('#set-baseline').isDisabled(), true);

  // Incident management moves from SRE to Platform Engineering, by the inspector.
  assert.deepEqual(await ownersOf('incident-bot'), ['sre']);
  const card = page.locator('svg.board g.card[data-capability="incident-bot"]');
  await card.focus();
  await page.keyboard.press('Enter');
  await page.locator('.inspector[data-inspecting="incident-bot"]').waitFor();
  assert.equal(await text('#inspector-title'), 'Capability: Incident management');
  await page.locator('#cap-owner').selectOption('platform-engineering');
  await settles(() => ownersOf('incident-bot'), ['platform-engineering']);
  await page.locator('#baseline-name', { hasText: 'kept as it was; the board is the proposal' }).waitFor();

  // The proposal gets its own name (Enter commits it).
  await page.fill('#design-title', 'ACME proposal');
  await page.press('#design-title', 'Enter');
  await page.locator('#scenario-title', { hasText: 'ACME proposal' }).waitFor();
  assert.match(await text('#proposal-name'), /^Proposal: ACME proposal/);
  assert.match(await text('#baseline-name'), /^Baseline: ACME today/);

  if ((await page.locator('#compare-b').inputValue()) !== 'baseline') await page.selectOption('#compare-b', 'baseline');
  assert.equal(await page.locator('#compare-b').inputValue(), 'baseline');
  assert.equal(await page.locator('#compare-b option[value="baseline"]').textContent(), 'Baseline: ACME today');
  await page.fill('#compare-runs', '100');
  const t0 = Date.now();
  await page.click('#compare-start');
  await page.locator('#compare-verdict').waitFor(SIMULATION);
  console.log(`# compare, 100 paired runs of the ACME catalog: ${Date.now() - t0} ms`);
  const sides = await page.locator('.compare-side h3').allTextContents();
  assert.deepEqual(sides, ['Baseline: ACME today', 'Proposal: ACME proposal']);
  const verdict = await text('#compare-verdict');
  console.log(`# verdict: ${verdict}`);
  for (const name of ['ACME today', 'ACME proposal']) {
    assert.ok(verdict.split(name).length - 1 <= 1, `"${name}" at most once in: ${verdict}`);
  }
  assert.ok(verdict.includes('ACME today') || verdict.includes('ACME proposal'), verdict);
});

test('the report exports with both boards, shares at most 100% and times in hours and days', async () => {
  const md = await download(() => page.click('#report-md'));
  assert.equal(md.name, 'faultline-report-acme-proposal.md');
  const report = md.text;
  assert.ok(report.startsWith('# Faultline report: ACME proposal'), report.slice(0, 80));
  assert.ok(report.includes('## The board'), 'the board as drawn');
  assert.ok(report.includes('## Comparison: ACME today vs ACME proposal'), 'the comparison');
  const pictures = [...report.matchAll(/!\[([^\]]*)\]\(data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)\)/g)];
  const captions = pictures.map((m) => m[1]);
  const baseline = pictures.filter((m) => /^Baseline\b/.test(m[1]));
  const proposal = pictures.filter((m) => /^Proposal\b/.test(m[1]));
  assert.equal(baseline.length, 1, `one picture captioned Baseline: ${captions.join(' | ')}`);
  assert.equal(proposal.length, 1, `one picture captioned Proposal: ${captions.join(' | ')}`);
  assert.match(baseline[0][1], /ACME today/);
  assert.match(proposal[0][1], /ACME proposal/);
  for (const m of pictures) {
    assert.ok(Buffer.from(m[2], 'base64').toString('utf8').startsWith('<svg'), `${m[1]} is an SVG document`);
  }
  // The two boards differ where the proposal moved Incident management.
  assert.notEqual(baseline[0][2], proposal[0][2]);

  // No share over 100%: budgets past their limit read "exhausted 5.8×".
  const over = [...report.matchAll(/\b(\d{3,})%/g)].map((m) => Number(m[1])).filter((n) => n > 100);
  assert.deepEqual(over, [], 'no percentage over 100');
  // Times as durations: seconds, whole minutes under 90, then hours and days.
  assert.deepEqual(report.match(/\b\d+\.\d+ ?min\b/g) ?? [], [], 'no decimal minutes');
  const minutes = [...report.matchAll(/\b(\d+) min\b/g)].map((m) => Number(m[1])).filter((n) => n >= 90);
  assert.deepEqual(minutes, [], 'ninety minutes or more reads in hours');
  const timeRows = report.split('\n').filter((l) => /^\|[^|]*\btime to (detect|mitigate)\b/i.test(l));
  assert.ok(timeRows.length >= 2, `the report has the times to detect and to mitigate: ${timeRows.join('\n')}`);
  for (const row of timeRows) {
    const cells = row.split('|').slice(2, -1).map((c) => c.trim()).filter((c) => /\d/.test(c));
    for (const c of cells) {
      assert.match(c, /(^|[\s(+−-])\d+(\.\d+)? (s|min|h|days)\b/, `a duration with its unit: "${c}" in ${row}`);
    }
  }
});

test('the catalog YAML exports with the changed owner marked', async () => {
  const yaml = await download(() => page.click('#export-catalog'));
  assert.equal(yaml.name, 'catalog-info.yaml');
  assert.ok(yaml.text.includes('name: incident-bot'), 'the moved capability');
  assert.ok(yaml.text.includes('owner: group:default/platform-engineering  # changed: was sre'),
    yaml.text.split('\n').filter((l) => l.includes('incident') || l.includes('changed')).join('\n'));
  // Only the one owner changed.
  assert.equal(yaml.text.match(/ # changed: /g)?.length, 1);
});

test('bad input shows its problems and keeps the work', async () => {
  // A billion laughs: nine anchors, each a list of nine aliases of the one before.
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  const letters = 'abcdefghi';
  for (let k = 1; k < letters.length; k++) {
    const prev = letters[k - 1];
    lines.push(`${letters[k]}: &${letters[k]} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  const bomb = join(scratch, 'bomb.yaml');
  await writeFile(bomb, lines.join('\n') + '\n');
  await page.setInputFiles('#import-file', bomb);
  await page.locator('#import-mapping').waitFor();
  assert.equal(await text('#import-title'), 'Import bomb.yaml');
  const problems = page.locator('#import-mapping .import-problems');
  await problems.waitFor();
  assert.match(await problems.textContent(), /not valid YAML/);
  assert.equal(await page.locator('#import-confirm').isDisabled(), true, 'nothing to replace the board with');
  assert.match(await text('.import-outcome'), /^The board cannot be replaced yet:/);
  await page.click('#import-cancel');
  await page.locator('#import-mapping').waitFor({ state: 'detached' });
  assert.equal(await text('#scenario-title'), 'ACME proposal');
  assert.ok(await hasTeam('Developer Experience'));
  assert.deepEqual(await ownersOf('incident-bot'), ['platform-engineering']);

  // A spreadsheet whose owner is not a team row says so with its line and field.
  const csv = join(scratch, 'org.csv');
  await writeFile(csv, [
    'type,name,role,owners,headcount,on_call,depends_on',
    'team,Platform Engineering,platform,,9,yes,',
    'capability,CI pipelines,ci_pipelines,Platform Engineering,,,',
    'capability,Deploy and rollout system,deploy_rollout,Release Wizards,,,CI pipelines',
    '',
  ].join('\n'));
  await page.setInputFiles('#import-file', csv);
  await page.locator('#import-title', { hasText: 'Import org.csv' }).waitFor();
  const csvProblems = await page.locator('#import-mapping .import-problems').textContent();
  const unknown = (await page.locator('#import-mapping .import-problems li').allTextContents())
    .find((l) => l.includes('Release Wizards'));
  assert.ok(unknown, csvProblems);
  assert.match(unknown, /line 4/);
  assert.match(unknown, /owners/);
  assert.match(unknown, /not a team row/);
  await page.click('#import-cancel');
  await page.locator('#import-mapping').waitFor({ state: 'detached' });
  assert.equal(await text('#scenario-title'), 'ACME proposal');
  assert.ok(await hasTeam('Site Reliability Engineering'));
});

test('the CSV template downloads', async () => {
  const csv = await download(() => page.click('#csv-template'));
  assert.equal(csv.name, 'faultline-organisation.csv');
  assert.ok(csv.text.startsWith('type,name,role,owners'), csv.text.slice(0, 80));
});

test('the mapping step passes axe, and the README screenshots', async () => {
  const { ctx, p } = await openApp({ width: 1280, height: 900 });
  try {
    await p.setInputFiles('#import-file', CATALOG);
    const mapping = p.locator('#import-mapping');
    await mapping.waitFor();
    await p.locator('.import-outcome.ok').waitFor();
    await mkdir(here('../docs/screenshots'), { recursive: true });
    await mkdir(SHOTS, { recursive: true });
    await mapping.scrollIntoViewIfNeeded();
    await mapping.screenshot({ path: SCREENSHOT });
    const box = await mapping.boundingBox();
    console.log(`# ${SCREENSHOT}: ${Math.round(box.width)} × ${Math.round(box.height)} CSS px`);
    // Where the mapping step is wider than the page, something spills.
    const spill = await p.evaluate(() => {
      const out = [];
      const page = document.documentElement.clientWidth;
      for (const el of document.querySelectorAll('#import-mapping, #import-mapping .table-scroll, #import-mapping table')) {
        const r = el.getBoundingClientRect();
        if (r.right > page + 1) out.push(`${el.id || el.className} ends at ${Math.round(r.right)} > ${page}`);
      }
      return out;
    });
    if (spill.length) console.log(`# spills at 1280: ${spill.join('; ')}`);
    await audit(p, 'the mapping step of the ACME catalog');

    for (const [vp, file] of [[{ width: 1024, height: 768 }, 'import-1024.png'], [{ width: 390, height: 844 }, 'import-phone.png']]) {
      await p.setViewportSize(vp);
      await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      await p.screenshot({ path: join(SHOTS, file), fullPage: true });
      const widths = await p.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        view: document.documentElement.clientWidth,
        mapping: Math.round(document.querySelector('#import-mapping').getBoundingClientRect().width),
      }));
      console.log(`# ${file}: ${vp.width} × ${vp.height}, page scroll width ${widths.page}, view ${widths.view}, mapping ${widths.mapping}`);
    }
    await audit(p, 'the mapping step on a phone');
  } finally {
    await ctx.close();
  }
});

test('no page logged an error or asked another origin for anything', () => {
  assert.deepEqual(consoleErrors, []);
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(badResponses, []);
  assert.deepEqual(foreignRequests, []);
});
