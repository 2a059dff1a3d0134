// axe-core on a page as it is now, the one way every end-to-end test audits:
// WCAG 2.0 and 2.1 A and AA and axe's best practices, with the check that a
// control's accessible name contains its visible label switched on. Every
// violation of any impact is printed; a serious or critical one fails.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core');
const BLOCKING = new Set(['serious', 'critical']);

const describe = (v) =>
  `${v.id} (${v.impact}): ${v.help} — ${v.nodes.length} element${v.nodes.length === 1 ? '' : 's'}: ` +
  v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(' | ') +
  (v.nodes.length > 4 ? ' | …' : '');

/** Runs axe on `p`; prints every violation and fails on serious or critical ones. */
export async function audit(p, view) {
  if (!(await p.evaluate(() => typeof window.axe === 'object'))) await p.addScriptTag({ path: AXE });
  const violations = await p.evaluate(() =>
    window.axe
      .run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
        rules: { 'label-content-name-mismatch': { enabled: true } },
        resultTypes: ['violations'],
      })
      .then((r) => r.violations.map(({ id, impact, help, helpUrl, nodes }) => ({
        id, impact, help, helpUrl, nodes: nodes.map((n) => ({ target: n.target, summary: n.failureSummary })),
      }))),
  );
  console.log(`# axe, ${view}: ${violations.length} violation${violations.length === 1 ? '' : 's'}`);
  for (const v of violations) {
    console.log(`#   ${v.id} (${v.impact}): ${v.help} ${v.helpUrl}`);
    for (const n of v.nodes) console.log(`#     ${n.target.join(' ')}`);
  }
  const blocking = violations.filter((v) => BLOCKING.has(v.impact));
  assert.equal(blocking.length, 0, `${view}: serious or critical violations:\n${blocking.map(describe).join('\n')}`);
}
