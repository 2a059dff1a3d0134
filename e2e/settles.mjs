// Yew renders after an event is handled, so what a click or a key changed
// reaches the DOM a frame or more later; a loaded machine lags further.
// `settles` reads until the value is the expected one (or time runs out) and
// then asserts on the last reading, so a failure still shows what was seen.

import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';

export async function settles(read, expected, message, timeout = 5_000) {
  const until = Date.now() + timeout;
  let seen = await read();
  while (!isDeepStrictEqual(seen, expected) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 20));
    seen = await read();
  }
  assert.deepStrictEqual(seen, expected, message);
}
