// How every end-to-end test starts the browser: Debian's Chromium (no
// download), headless, and with the background services that would try to
// reach the internet switched off, so any request the tests see is the
// page's own.

import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

export const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}
