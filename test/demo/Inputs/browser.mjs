// Drive the banking demo's page in headless Chromium: wait for the
// balances, click the race button, wait until the page shows the race on
// alice.balance, print what the page shows, save a screenshot.
//
//   node browser.mjs <url> <screenshot.png> <user-data-dir>
import { chromium } from 'playwright-core';

const [url, screenshot, profile] = process.argv.slice(2);
const TIMEOUT_MS = 20000;
const CLICKS = 4;

const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu',
         '--disable-background-networking', '--disable-component-update',
         '--disable-sync', '--no-first-run'],
  viewport: { width: 900, height: 1400 },
  timeout: TIMEOUT_MS,
});
try {
  const page = context.pages()[0] || await context.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  await page.goto(url);
  await page.locator('#balances [data-account="alice"]').waitFor();
  console.log('title: ' + await page.title());
  console.log('before: ' + (await page.locator('#balances').innerText()).replace(/\s+/g, ' '));
  console.log('races before: ' + await page.locator('#races').innerText());
  // The button runs up to 5 rounds and is disabled meanwhile.  A loaded
  // machine may run every round's two requests on one server thread, or
  // leave Alice without money; then reset the balances and click again,
  // as a user would, a few times at most.
  const raceShown = page.locator('#races .race', { hasText: 'alice.balance' });
  for (let click = 1; click <= CLICKS; click++) {
    await page.locator('#race').click();
    await page.waitForFunction(() => !document.getElementById('race').disabled);
    if (await raceShown.count() > 0 || click === CLICKS)
      break;
    await page.evaluate(() => reset());
  }
  await raceShown.first().waitFor();
  await page.locator('#log', { hasText: 'Both transfers completed' }).waitFor();
  const race = await page.locator('#races .race', { hasText: 'alice.balance' }).first().innerText();
  console.log('race shown: ' + race.split('\n')[0]);
  const alice = await page.locator('#balances [data-account="alice"]').innerText();
  console.log('after: ' + alice);
  await page.locator('#status.ok').waitFor();
  console.log('status: ' + await page.locator('#status-text').innerText());
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log('page errors: ' + errors.length);
} catch (e) {
  // The page's own log says how many race rounds ran and what each saw.
  const pages = context.pages();
  if (pages.length)
    console.log('page log on failure:\n' +
                await pages[0].locator('#log').innerText({ timeout: 1000 }).catch(() => '(none)'));
  throw e;
} finally {
  await context.close();
}
