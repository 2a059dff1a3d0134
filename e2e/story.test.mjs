// End-to-end: the guided story in the release build, in Chromium, driven
// the way a learner and a facilitator drive it. A first visit offers the
// story; the whole Learn story is then played from that prompt at laptop
// size: a prediction in every chapter, the reveal (by button and by the V
// key) naming the simulation's answer, every goal first failing on the
// untouched board and then met after the repair is made with real mouse
// drags, chapters changed by button and by the N key, and the last chapter
// showing the design the learner had before the story began. Chapter links
// reopen their chapter with the progress (✓) kept, glossary terms are
// defined where they are first used, and the ? overlay lists the shortcuts
// and closes with Esc. A workshop chapter is run with the room's hands, the
// timer and a facilitator window that stays in sync with the projected one
// both ways. Throughout, no page logs an error and nothing asks any other
// origin for anything.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './server.mjs';
import { launch } from './chromium.mjs';
import { watcher } from './watch.mjs';
import { settles } from './settles.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const DIST = process.env.FAULTLINE_DIST ?? here('../dist');
const VIEWPORT = { width: 1366, height: 768 };
const SHOTS = here('../docs/screenshots');
// Reveals and goal checks run hundreds of simulated months in the page.
const SIMULATION = { timeout: 30_000 };

// The built-in Learn story as a learner plays it: the answer each chapter
// expects, and the repair its task asks for as drags of a card from a box
// (a team's id, or 'tray') onto a team.
const CHAPTERS = [
  { id: 'paved-road', title: 'The paved road', expect: 'nearly-all' },
  { id: 'production-reality', title: 'Production reality: SLOs and error budgets', expect: 'one' },
  { id: 'the-bounce', title: 'The bounce', expect: 'many', repair: [['clusters', 'tray', 'platform']] },
  { id: 'working-as-designed', title: 'Working as designed', expect: 'many', repair: [['error_budget_policy', 'tray', 'checkout-team']] },
  {
    id: 'silent-failure', title: 'Silent failure', expect: 'many',
    repair: [['ux_measurement', 'tray', 'sre'], ['slo_definitions', 'tray', 'sre']],
  },
  { id: 'sre-absorbed', title: 'SRE absorbed into Platform', expect: 'few' },
  {
    id: 'simple-test', title: 'The simple test', simple: ['Platform Engineering', 'SRE'],
    repair: [['ci', 'sre', 'platform'], ['deploy', 'sre', 'platform'], ['templates', 'sre', 'platform']],
  },
  { id: 'your-design', title: 'Your own design' },
];

let server;
let browser;
let context;
let page;
let tab;
const { watch, seen } = watcher(() => server.origin);
const { consoleErrors, pageErrors, foreignRequests, badResponses } = seen;

const team = (p, id) => p.locator(`svg.board g.team[data-team="${id}"]`);
const tray = (p) => p.locator('svg.board g[data-tray="unowned"]');
const box = (p, id) => (id === 'tray' ? tray(p) : team(p, id));
const card = (scope, id) => scope.locator(`g.card[data-capability="${id}"]`);
const ownersOf = (p, cap) =>
  p.locator(`svg.board g.card[data-capability="${cap}"]`).evaluateAll((cs) =>
    cs.map((c) => c.closest('g.team')?.dataset.team ?? 'tray').sort(),
  );
/** Who owns what, as the board draws it: each box's cards, and the tray's. */
const boardOf = (p) =>
  p.evaluate(() => ({
    teams: [...document.querySelectorAll('svg.board g.team')].map((g) => [
      g.dataset.team,
      g.querySelector('.team-name').textContent,
      [...g.querySelectorAll('g.card')].map((c) => c.dataset.capability),
    ]),
    tray: [...document.querySelectorAll('svg.board g.tray g.card')].map((c) => c.dataset.capability),
  }));
const chapterMarks = (p) => p.locator('#story-chapter option').allTextContents();
const atChapter = (p, title) => p.locator('#chapter-title', { hasText: title }).waitFor();
const seconds = (clock) => {
  const [m, s] = clock.split(':').map(Number);
  return m * 60 + s;
};

/** Waits until a timer shows `s` seconds or less: it is counting down. */
const counts = (p, sel, s) => p.waitForFunction(([sel, s]) => {
  const [m, ss] = document.querySelector(sel).textContent.split(':').map(Number);
  return m * 60 + ss <= s;
}, [sel, s], { timeout: 10_000 });

/** Scrolls with the mouse wheel until the whole board is on screen, as a user does before a drag. */
async function showBoard(p) {
  const board = p.locator('svg.board');
  const { height } = p.viewportSize();
  for (let i = 0; i < 20; i++) {
    const b = await board.boundingBox();
    assert.ok(b.height <= height, `the board (${b.height}px) fits in the window (${height}px)`);
    if (b.y >= 0 && b.y + b.height <= height) return;
    await p.mouse.move(8, height / 2);
    await p.mouse.wheel(0, b.y - 8);
    // The wheel scrolls asynchronously: wait for the page to come to rest.
    await p.waitForFunction(() => new Promise((ok) => {
      const y = scrollY;
      requestAnimationFrame(() => requestAnimationFrame(() => ok(scrollY === y)));
    }));
  }
  assert.fail('the board could not be scrolled into view');
}

/** Drags with real mouse events from the centre of one element to another. */
async function drag(p, from, to) {
  await showBoard(p);
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  await p.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await p.mouse.down();
  await p.mouse.move(a.x + a.width / 2 + 12, a.y + a.height / 2 + 12, { steps: 3 });
  await p.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 8 });
  await p.mouse.up();
}

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

test('the whole Learn story is played from the first-visit prompt to its end', async () => {
  // A first visit offers the story. Before taking it, the learner makes the
  // board their own: the developer portal goes to the Checkout team.
  const intro = page.locator('#intro');
  await intro.waitFor();
  assert.equal(await page.locator('#intro-start').textContent(), 'Start the guided story');
  assert.equal(await page.locator('#intro-skip').textContent(), 'Not now');
  await drag(page, card(team(page, 'platform'), 'portal'), team(page, 'checkout-team').locator('.team-band'));
  await settles(() => ownersOf(page, 'portal'), ['checkout-team']);
  const own = await boardOf(page);

  await page.click('#intro-start');
  await page.locator('.story-panel').waitFor();
  assert.equal(await intro.count(), 0, 'the prompt is answered');
  assert.equal(await page.locator('.story-kicker span').first().textContent(), 'Learn · chapter 1 of 8');

  for (const [i, ch] of CHAPTERS.entries()) {
    await atChapter(page, ch.title);
    assert.equal(await page.locator('#chapter-title').textContent(), ch.title);
    assert.equal(new URL(page.url()).hash, `#story=learn/${ch.id}`, 'the address is the chapter link');
    assert.equal(await page.locator('#story-chapter').inputValue(), String(i));
    const reveal = page.locator('#story-reveal');
    assert.equal(await reveal.isDisabled(), true, 'no reveal before a prediction');
    assert.equal(await page.locator('#reveal-hint').textContent(), 'Make your prediction first.');

    if (ch.id === 'your-design') {
      // The last chapter is the design the learner had before the story began.
      assert.deepEqual(await boardOf(page), own);
    }

    // Predict.
    let answer;
    if (ch.simple) {
      await page.selectOption('#simple-0', ch.simple[0]);
      assert.equal(await reveal.isDisabled(), true, 'both questions need an answer');
      await page.selectOption('#simple-1', ch.simple[1]);
    } else {
      const pick = ch.expect ?? (await page.locator('input[name=prediction]').first().getAttribute('value'));
      const choice = page.locator('label.choice', { has: page.locator(`input[name=prediction][value="${pick}"]`) });
      answer = await choice.locator('span').textContent();
      await choice.click();
      assert.equal(await choice.locator('input').isChecked(), true);
    }
    await page.locator('#story-reveal:not([disabled])').waitFor();

    // Reveal: the button in chapters 1, 3, 5 and 7, the V key in the others.
    const t0 = Date.now();
    if (i % 2 === 0 || ch.simple) await reveal.click();
    else await page.keyboard.press('v');
    const result = page.locator('#story-result');
    await result.waitFor(SIMULATION);
    console.log(`# ${ch.id}: revealed in ${Date.now() - t0} ms`);
    assert.equal(await reveal.textContent(), 'Revealed');

    if (ch.simple) {
      // The simple test is answered from the board, beside each of the learner's answers.
      const lines = await result.locator('li').allTextContents();
      assert.equal(lines.length, 2, lines.join('\n'));
      assert.match(lines[0], /^Makes it easy to deploy and run services: Platform Engineering and SRE ✓ as you said$/);
      assert.match(lines[1], /^Decides when reliability is no longer acceptable: SRE ✓ as you said$/);
      assert.match(await result.locator('.verdict-line').textContent(), /the structure is drifting\.$/);
    } else {
      const row = result.locator('tr.is-answer');
      assert.equal(await row.count(), 1, 'one answer is the simulation\'s');
      assert.match(await row.locator('td.sim').textContent(), /✓ the simulation$/);
      if (ch.expect) {
        assert.equal(await row.locator('th').textContent(), answer, 'the simulation agrees with the expected answer');
        assert.equal(await row.locator('td').first().textContent(), 'your prediction');
        assert.equal(await result.locator('.prediction-verdict').textContent(), 'You predicted it.');
      } else {
        const agreed = (await row.locator('th').textContent()) === answer;
        assert.match(await result.locator('.prediction-verdict').textContent(),
          agreed ? /^You predicted it\.$/ : /^Not what you predicted/);
      }
    }

    if (ch.repair) {
      // Not done until the goal is met.
      assert.doesNotMatch((await chapterMarks(page))[i], /✓$/);
      const check = page.locator('#story-check');
      await check.click();
      const goal = page.locator('#goal-result');
      await goal.waitFor(SIMULATION);
      assert.match(await goal.getAttribute('class'), /\bis-bad\b/, 'the untouched board misses the goal');
      assert.match(await goal.textContent(), /^Not yet\. /);
      assert.doesNotMatch((await chapterMarks(page))[i], /✓$/);

      for (const [cap, from, to] of ch.repair) {
        await drag(page, card(box(page, from), cap), team(page, to).locator('.team-band'));
        await settles(() => ownersOf(page, cap), [to], `${cap} is drawn in ${to}'s box only`);
      }
      await check.click();
      await page.locator('#goal-result.is-good').waitFor(SIMULATION);
      assert.match(await goal.textContent(), /^Goal met\. /);
      if (ch.simple) assert.match(await goal.textContent(), /The simple test passes\.$/);
    }

    if (ch.id === 'your-design') {
      // The last chapter finishes the story instead of moving on.
      assert.equal(await page.locator('#story-next').count(), 0);
      assert.equal(await page.locator('#story-next-top').isDisabled(), true);
      await page.click('#story-finish');
      break;
    }
    await settles(async () => (await chapterMarks(page))[i].endsWith(' ✓'), true, `${ch.id} is marked done`);

    if (ch.id === 'the-bounce') {
      // The chapter link: a reload on the next chapter's address opens it
      // again, with what is done still marked.
      await page.click('#story-next-top');
      await atChapter(page, CHAPTERS[i + 1].title);
      await page.reload();
      await atChapter(page, CHAPTERS[i + 1].title);
      assert.equal(new URL(page.url()).hash, `#story=learn/${CHAPTERS[i + 1].id}`);
      const marks = await chapterMarks(page);
      assert.deepEqual(marks.map((m) => m.endsWith(' ✓')), [true, true, true, false, false, false, false, false], marks.join('\n'));
      assert.equal(await page.locator('#intro').count(), 0, 'the prompt is not offered again');
      continue;
    }
    // Move on: the button after chapters 1 and 5 (and the top one after 3), the N key after the others.
    if (i % 2 === 0) await page.click('#story-next');
    else await page.keyboard.press('n');
  }

  // Finished: the story closes, the address is the page's own again, and the
  // learner's design stays on the board.
  await page.locator('.story-panel').waitFor({ state: 'detached' });
  assert.equal(new URL(page.url()).hash, '');
  assert.deepEqual(await boardOf(page), own);
  const saved = JSON.parse(await page.evaluate(() => localStorage.getItem('faultline.story.v1')));
  assert.deepEqual([...saved.done].sort(), CHAPTERS.slice(0, 7).map((c) => c.id).sort());
});

test('a chapter link opens its chapter in a new tab with the progress kept', async () => {
  tab = await context.newPage();
  await tab.goto(`${server.origin}/#story=learn/the-bounce`);
  await atChapter(tab, 'The bounce');
  assert.equal(await tab.locator('#intro').count(), 0);
  const marks = await chapterMarks(tab);
  assert.deepEqual(marks, CHAPTERS.map((c, i) => `${i + 1}. ${c.title}${i < 7 ? ' ✓' : ''}`));
  // The chapter's own board, not the learner's: cluster provisioning is orphaned again.
  await settles(() => ownersOf(tab, 'clusters'), ['tray']);

  // Back with the B key, the button and the chapter list; the address follows.
  await tab.keyboard.press('b');
  await atChapter(tab, 'Production reality');
  assert.equal(new URL(tab.url()).hash, '#story=learn/production-reality');
  await tab.selectOption('#story-chapter', '5');
  await atChapter(tab, 'SRE absorbed into Platform');
  assert.equal(new URL(tab.url()).hash, '#story=learn/sre-absorbed');
  await tab.click('#story-previous');
  await atChapter(tab, 'Silent failure');
  await tab.selectOption('#story-chapter', '0');
  await atChapter(tab, 'The paved road');
  assert.equal(await tab.locator('#story-previous').isDisabled(), true);
  assert.equal(new URL(tab.url()).hash, '#story=learn/paved-road');
});

test('glossary terms are defined where a chapter first uses them, as the glossary says', async () => {
  const terms = await tab.locator('.story-panel dfn.term-first').evaluateAll((ds) =>
    ds.map((d) => {
      const def = document.getElementById(d.getAttribute('aria-describedby'));
      return {
        term: d.textContent,
        definition: def?.matches('.definition') ? [def.querySelector('dt').textContent, def.querySelector('dd').textContent] : null,
        shown: !!def && def.getBoundingClientRect().height > 0,
      };
    }),
  );
  assert.deepEqual(terms.map((t) => t.term), ['paved road', 'Platform Engineering', 'SRE', 'root cause']);
  await tab.locator('#open-help').click();
  await tab.locator('#help').waitFor();
  const glossary = new Map(await tab.locator('#help dl.glossary .definition').evaluateAll((ds) =>
    ds.map((d) => [d.querySelector('dt').textContent, d.querySelector('dd').textContent])));
  await tab.locator('#help-close').click();
  await tab.locator('#help').waitFor({ state: 'detached' });
  for (const { term, definition, shown } of terms) {
    assert.ok(definition, `${term} points at its definition`);
    assert.ok(shown, `${term}'s definition is on screen`);
    const [dt, dd] = definition;
    assert.ok(term.toLowerCase().startsWith(dt.toLowerCase()), `${term} is defined as ${dt}`);
    assert.ok(dd.length > 40, dd);
    assert.equal(dd, glossary.get(dt), `${dt} says what the glossary says`);
  }

  // The reveal's new terms are defined with it: a seed, in its plural.
  await tab.locator('label.choice', { hasText: 'More than four in five' }).click();
  await tab.keyboard.press('v');
  await tab.locator('#story-result').waitFor(SIMULATION);
  const seeds = tab.locator('.story-panel dfn.term-first', { hasText: 'seeds' });
  assert.equal(await seeds.count(), 1);
  const seed = tab.locator(`[id="${await seeds.getAttribute('aria-describedby')}"]`);
  assert.equal(await seed.locator('dt').textContent(), 'seed');
  assert.equal(await seed.locator('dd').textContent(), glossary.get('seed'));
  await tab.close();
});

test('the ? key shows the shortcuts and the glossary, and Esc closes them', async () => {
  // Typed in a field, ? is just a character.
  const help = page.locator('#help');
  await page.click('#new-team-name');
  await page.keyboard.type('Who? ');
  assert.equal(await page.locator('#new-team-name').inputValue(), 'Who? ');
  assert.equal(await help.count(), 0);
  await page.fill('#new-team-name', '');

  await page.locator('h1').click();
  await page.keyboard.press('?');
  await help.waitFor();
  assert.equal(await help.getAttribute('role'), 'dialog');
  assert.equal(await page.locator(`#${await help.getAttribute('aria-labelledby')}`).textContent(), 'Help: shortcuts and glossary');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'help-close', 'the focus moves into the dialog');
  const keys = await help.locator('table.shortcuts kbd').allTextContents();
  for (const k of ['?', 'Esc', 'N', 'B', 'V', 'T', 'R', 'M', 'P']) assert.ok(keys.includes(k), `${k} is listed: ${keys.join(' ')}`);
  for (const row of await help.locator('table.shortcuts tr').all()) {
    assert.ok((await row.locator('td').textContent()).length > 3, 'each shortcut says what it does');
  }
  const defined = await help.locator('dl.glossary dt').allTextContents();
  for (const t of ['SLO', 'error budget', 'toil', 'simple test', 'orphan']) assert.ok(defined.includes(t), `${t} is in the glossary`);

  // ? again hides it; Esc hides it too.
  await page.keyboard.press('?');
  await help.waitFor({ state: 'detached' });
  await page.keyboard.press('?');
  await help.waitFor();
  await page.keyboard.press('Escape');
  await settles(() => help.count(), 0, 'Esc closes the help overlay');
});

test('a workshop chapter: the room\'s hands, the timer and a facilitator window in step with the projector', async () => {
  const room = await browser.newContext({ viewport: VIEWPORT });
  room.on('page', watch);
  const screen = await room.newPage();
  await screen.goto(`${server.origin}/`);
  await screen.locator('svg.board g.team').first().waitFor();
  await screen.click('#open-workshop');
  await atChapter(screen, 'The paved road');
  assert.equal(new URL(screen.url()).hash, '#workshop=learn/paved-road');
  assert.equal(await screen.locator('#story-mode').textContent(), 'Switch to Learn');
  assert.equal(await screen.locator('#story-reveal').isDisabled(), false, 'the room reveals when it is ready');

  // Hands in the room, typed per answer.
  const hands = [3, 7, 12];
  const answers = await screen.locator('.prediction .tally-row label').allTextContents();
  assert.deepEqual(answers, ['Fewer than half', 'Half to four in five', 'More than four in five']);
  for (const [i, n] of hands.entries()) {
    await screen.click(`#tally-${i}`);
    await screen.keyboard.type(String(n));
  }
  for (const [i, n] of hands.entries()) assert.equal(await screen.locator(`#tally-${i}`).inputValue(), String(n));

  // The timer counts down; T pauses it; +1 min adds a minute.
  const left = () => screen.locator('#timer-left').textContent();
  assert.equal(await left(), '5:00');
  await screen.click('#timer-toggle');
  assert.equal(await screen.locator('#timer-toggle').textContent(), 'Pause');
  await counts(screen, '#timer-left', 298);
  await screen.keyboard.press('t');
  await screen.locator('#timer-toggle', { hasText: 'Start' }).waitFor();
  const paused = await left();
  assert.ok(seconds(paused) < 300, paused);
  await screen.click('#timer-more');
  await settles(async () => seconds(await left()), seconds(paused) + 60, '+1 min');
  const shown = await left();

  // The facilitator's window: the same chapter, the notes the room does not see, the same hands and time.
  const [desk] = await Promise.all([room.waitForEvent('page'), screen.click('#open-facilitator')]);
  await desk.locator('#facilitator-title').waitFor();
  assert.equal(desk.url(), `${server.origin}/#facilitator`);
  assert.equal(await desk.locator('#facilitator-title').textContent(), 'The paved road');
  const notes = await desk.locator('#facilitator-notes').textContent();
  assert.ok(notes.length > 40, notes);
  assert.equal(await desk.locator('#facilitator-notes').isVisible(), true);
  const projected = await screen.evaluate(() => [document.body.innerText, document.body.textContent]);
  for (const t of projected) assert.ok(!t.includes(notes.slice(0, 40)), 'the notes are not on the projector');
  for (const [i, n] of hands.entries()) await settles(() => desk.locator(`#f-tally-${i}`).inputValue(), String(n), `f-tally-${i}`);
  assert.equal(await desk.locator('#f-timer-left').textContent(), shown);
  assert.equal(await desk.locator('#facilitator-next').textContent(), 'Next: Production reality: SLOs and error budgets');

  // A count corrected at the desk shows on the projector.
  await desk.click('#f-tally-1');
  await desk.keyboard.press('Control+a');
  await desk.keyboard.type('10');
  hands[1] = 10;
  await settles(() => screen.locator('#tally-1').inputValue(), '10', 'the projector follows the desk');

  // The desk runs the timer: both windows count down together.
  await desk.click('#f-timer-toggle');
  await screen.locator('#timer-toggle', { hasText: 'Pause' }).waitFor();
  await counts(screen, '#timer-left', seconds(shown) - 2);
  await desk.click('#f-timer-toggle');
  await screen.locator('#timer-toggle', { hasText: 'Start' }).waitFor();
  await settles(async () => (await desk.locator('#f-timer-left').textContent()) === (await left()), true, 'one clock in both windows');
  const stopped = seconds(await left());
  await desk.click('#f-timer-more');
  await settles(async () => seconds(await left()), stopped + 60, '+1 min at the desk');

  // The desk reveals: the projector shows the answer with the room's hands beside each option.
  await desk.click('#f-reveal');
  const result = screen.locator('#story-result');
  await result.waitFor(SIMULATION);
  assert.deepEqual(await result.locator('thead th').allTextContents(), ['Answer', 'The room', 'Simulated']);
  const rows = await result.locator('tbody tr').evaluateAll((rs) => rs.map((r) => [r.querySelector('th').textContent, r.querySelector('td').textContent]));
  assert.deepEqual(hands, [3, 10, 12]);
  assert.deepEqual(rows, [[answers[0], '3 (12%)'], [answers[1], '10 (40%)'], [answers[2], '12 (48%)']]);
  assert.equal(await result.locator('tr.is-answer th').textContent(), 'More than four in five');
  assert.match(await result.locator('tr.is-answer').textContent(), /12 \(48%\).*✓ the simulation/);
  assert.equal(await result.locator('.prediction-verdict').textContent(),
    'The room\'s most common prediction: More than four in five. The simulation agrees.');
  await desk.locator('#facilitator-answer').waitFor(SIMULATION);
  assert.equal(await desk.locator('#facilitator-answer').textContent(), 'The simulation: More than four in five');

  // The README's screenshots: the revealed chapter on a 1024×768 projector,
  // in the normal layout and in presenter mode, and the facilitator's window.
  await mkdir(SHOTS, { recursive: true });
  await screen.setViewportSize({ width: 1024, height: 768 });
  await screen.evaluate(() => window.scrollTo(0, 0));
  await screen.screenshot({ path: `${SHOTS}/story-chapter-1024.png` });
  await screen.evaluate(() => document.activeElement?.blur());
  await screen.keyboard.press('p');
  await screen.waitForSelector('svg.board.stage');
  await screen.screenshot({ path: `${SHOTS}/story-presenter-1024.png` });
  // On the stage the panel folds to its title, to show the whole board.
  await screen.click('#story-fold');
  await screen.locator('.story-panel.folded').waitFor();
  assert.equal(await screen.locator('#story-result').isVisible(), false);
  assert.equal(await screen.locator('#chapter-title').isVisible(), true);
  await screen.click('#story-fold');
  await screen.locator('#story-result').waitFor();
  await screen.keyboard.press('Escape');
  await screen.waitForSelector('.app:not(.presenter)');
  await screen.setViewportSize(VIEWPORT);
  await desk.setViewportSize({ width: 760, height: 860 });
  await desk.screenshot({ path: `${SHOTS}/facilitator.png` });

  // Next, from the desk: both windows move on.
  await desk.click('#f-next');
  await atChapter(screen, 'Production reality: SLOs and error budgets');
  await desk.locator('#facilitator-title', { hasText: 'Production reality: SLOs and error budgets' }).waitFor();
  assert.equal(new URL(screen.url()).hash, '#workshop=learn/production-reality');
  assert.equal(await desk.locator('#facilitator-next').textContent(), 'Next: The bounce');
  assert.equal(await desk.locator('#facilitator-answer').count(), 0);
  assert.equal(await screen.locator('#story-result').count(), 0);

  // The QR code of the share link, for the room's laptops.
  const toggle = screen.locator('#toggle-qr');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  await toggle.click();
  const qr = screen.locator('svg.qr');
  await qr.waitFor();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  assert.equal(await qr.getAttribute('role'), 'img');
  assert.match(await qr.getAttribute('aria-label'), /QR code/);
  const size = await qr.boundingBox();
  assert.ok(size.width >= 100 && Math.abs(size.width - size.height) < 1, `a square code: ${size.width}×${size.height}`);
  assert.ok((await qr.locator('path').getAttribute('d')).length > 500, 'the code has its modules');
  await room.close();
});

test('closing a story mid-way puts the learner\'s own design back, one undo from the chapter\'s board', async () => {
  const ctx = await browser.newContext({ viewport: VIEWPORT });
  ctx.on('page', watch);
  const p = await ctx.newPage();
  await p.goto(`${server.origin}/`);
  await p.locator('svg.board g.team').first().waitFor();
  await drag(p, card(team(p, 'platform'), 'portal'), team(p, 'checkout-team').locator('.team-band'));
  await settles(() => card(team(p, 'checkout-team'), 'portal').count(), 1, 'the learner\'s own move');
  const own = await boardOf(p);
  await p.click('#open-learn');
  await atChapter(p, 'The paved road');
  await p.selectOption('#story-chapter', '2');
  await atChapter(p, 'The bounce');
  await settles(() => p.locator('svg.board g.tray g.card[data-capability="clusters"]').count(), 1, 'the orphaned board');
  await p.click('#story-close');
  await p.locator('.story-panel').waitFor({ state: 'detached' });
  await settles(() => boardOf(p), own, 'the own design is back');
  await p.keyboard.press('Control+z');
  await settles(() => p.locator('svg.board g.tray g.card[data-capability="clusters"]').count(), 1, 'undo brings the chapter back');
  await ctx.close();
});

test('a story a facilitator wrote opens from a file and travels whole in a link; a broken one is listed', async () => {
  const ctx = await browser.newContext({ viewport: VIEWPORT, acceptDownloads: true });
  ctx.on('page', watch);
  const p = await ctx.newPage();
  await p.goto(`${server.origin}/`);
  await p.click('#open-learn');
  await atChapter(p, 'The paved road');
  await p.click('.story-more summary');
  const [download] = await Promise.all([p.waitForEvent('download'), p.click('#story-save')]);
  assert.equal(download.suggestedFilename(), 'learn.story.json');
  const story = JSON.parse(await readFile(await download.path(), 'utf8'));
  story.id = 'our-org';
  story.title = 'How our org handles a rollout outage';
  story.chapters = story.chapters.slice(0, 2);
  story.chapters[0].title = 'Our paved road';
  const dir = await mkdtemp(join(tmpdir(), 'faultline-story-'));
  const file = join(dir, 'our-org.story.json');
  await writeFile(file, JSON.stringify(story));
  await p.setInputFiles('#story-file', file);
  await atChapter(p, 'Our paved road');
  assert.match(await p.locator('.story-more summary').textContent(), /How our org handles a rollout outage/);
  assert.equal(await p.locator('#story-chapter option').count(), 2);

  // The link carries the whole story: a fresh browser opens it.
  await p.click('#story-link');
  const link = await p.locator('#story-link-text').inputValue();
  assert.match(link, /#t=/);
  const other = await browser.newContext({ viewport: VIEWPORT });
  other.on('page', watch);
  const q = await other.newPage();
  await q.goto(link);
  await atChapter(q, 'Our paved road');
  await other.close();

  // A story with mistakes is refused with each problem where it is; the story on screen stays.
  story.chapters[1].question.expect = 'maybe';
  story.chapters[0].minutes = 0;
  await writeFile(file, JSON.stringify(story));
  await p.setInputFiles('#story-file', file);
  const notice = p.locator('.notice');
  await notice.waitFor();
  const problems = await notice.locator('.problems').textContent();
  assert.match(problems, /chapters\[0\]\.minutes/);
  assert.match(problems, /chapters\[1\]\.question\.expect/);
  assert.equal(await p.locator('#chapter-title').textContent(), 'Our paved road');
  await ctx.close();
});

test('no page logged an error or asked another origin for anything', () => {
  assert.deepEqual(consoleErrors, []);
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(badResponses, []);
  assert.deepEqual(foreignRequests, []);
});
