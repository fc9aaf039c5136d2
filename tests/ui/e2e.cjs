// e2e.cjs - the web view in headless Chromium (tests/api/t_ui.sh). usage: node e2e.cjs URL ARTDIR
// Asserts what a user sees: the guide's pools and their nodes, keyboard navigation to a spot
// node's evict button, the confirmation dialog, the node disappearing live, no console errors.
const { chromium } = require('playwright-core');
const [url, art] = process.argv.slice(2);
const fail = (m) => { console.error(`FAIL: ${m}`); process.exit(1); };
(async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROME || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const ctx = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  await page.evaluate(() => { window.e2eMarker = 1; }); // gone if the page reloads
  if (page.url().includes('token=')) fail('the token stays in the address bar');
  // pools
  await page.waitForSelector('table.pools tr[data-pool="spotpool"]', { timeout: 15000 });
  for (const [p, mode, size, count] of [['systempool', 'System', 'Standard_B2s', '2'], ['mempool', 'User', 'Standard_E4s_v3', '3'], ['spotpool', 'User', 'Standard_DS2_v2', '3']]) {
    const cells = await page.$$eval(`tr[data-pool="${p}"] > *`, (r) => r.map((c) => c.textContent.trim()));
    if (cells[1] !== mode || cells[2] !== size || cells[4] !== count) fail(`pool ${p} row: ${cells}`);
  }
  await page.waitForFunction(() => document.querySelector('tr[data-pool="spotpool"]').children[5].textContent.trim() === '3 / 3', null, { timeout: 20000 }).catch(() => fail('spotpool never shows 3 / 3 nodes ready'));
  const tags = await page.textContent('tr[data-pool="mempool"] td.tags');
  if (!tags.includes('Environment=Production')) fail(`mempool tags: ${tags}`);
  await page.screenshot({ path: `${art}/ui-pools-1280.png` });
  // nodes through the keyboard: 2 opens the view, / the filter
  await page.keyboard.press('2');
  await page.waitForFunction(() => document.querySelector('#shown-nodes').textContent === '9 nodes', null, { timeout: 15000 }).catch(() => fail('the node list does not show 9 nodes'));
  await page.screenshot({ path: `${art}/ui-nodes-1280.png` });
  // the node list starts with a page of one screen of rows, then the rest in pages of 1,000
  const nodeLists = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => /\/api\/v1\/nodes\?limit=/.test(n)).map((n) => +/limit=(\d+)/.exec(n)[1]));
  if (nodeLists[0] !== 40) fail(`the first node LIST page asks for ${nodeLists[0]} nodes, not 40: ${nodeLists}`);
  await page.keyboard.press('/');
  await page.keyboard.type('pool=spotpool');
  await page.waitForFunction(() => document.querySelector('#shown-nodes').textContent === '3 of 9 nodes');
  await page.keyboard.press('ArrowDown'); // into the list, first spot node active
  const victim = await page.$eval('#list-nodes .vrow.active .name', (e) => e.textContent);
  if (!/^aks-spotpool-/.test(victim)) fail(`active row ${victim}`);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#detail:not([hidden])');
  let reached = false;
  for (let i = 0; i < 6 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement && document.activeElement.id === 'act-evict');
  }
  if (!reached) fail('Tab from the node details does not reach the evict button');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#confirm[open]');
  const text = await page.textContent('#confirm-text');
  if (!text.includes(victim)) fail(`the confirmation does not name the node: ${text}`);
  await page.screenshot({ path: `${art}/ui-evict-confirm-1280.png` });
  await page.keyboard.press('Tab'); // Cancel has the focus; the next is Evict
  const okFocused = await page.evaluate(() => document.activeElement.id === 'confirm-ok');
  if (!okFocused) fail('Tab in the dialog does not reach Evict');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /Preempt in \d+ s/.test(document.querySelector('#detail .dstatus').textContent), null, { timeout: 15000 }).catch(() => fail('no spot notice countdown'));
  await page.screenshot({ path: `${art}/ui-evict-notice-1280.png` });
  await page.waitForFunction((v) => [...document.querySelectorAll('#list-nodes .vrow:not([hidden])')].some((r) => r.querySelector('.name').textContent === v && /Preempt in \d+ s/.test(r.querySelector('.status').textContent)), victim, { timeout: 5000 }).catch(() => fail('the node row does not show the spot notice'));
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.querySelector('#shown-nodes').textContent === '2 of 8 nodes', null, { timeout: 60000 }).catch(() => fail('the evicted node did not disappear from the list'));
  const left = await page.$$eval('#list-nodes .vrow:not([hidden]) .name', (r) => r.map((e) => e.textContent));
  if (left.includes(victim)) fail('the evicted node is still listed');
  if (await page.evaluate(() => window.e2eMarker) !== 1) fail('the page reloaded (it must update live)');
  // node map and cost
  await page.keyboard.press('3');
  await page.waitForSelector('#list-map .vrow .chip');
  await page.screenshot({ path: `${art}/ui-map-1280.png` });
  await page.keyboard.press('6');
  await page.waitForFunction(() => document.querySelectorAll('#chart-pools rect').length >= 4, null, { timeout: 15000 }).catch(() => fail('the cost chart has no bar per pool'));
  const tagChart = await page.getAttribute('#chart-tags svg', 'aria-label');
  if (!tagChart.includes('Environment=Production')) fail(`tag chart: ${tagChart}`);
  await page.screenshot({ path: `${art}/ui-cost-1280.png` });
  // phone width
  await page.setViewportSize({ width: 390, height: 844 });
  await page.keyboard.press('2');
  await page.waitForTimeout(300);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 2) fail(`the page is ${overflow}px wider than a phone`);
  await page.screenshot({ path: `${art}/ui-nodes-390.png` });
  if (errors.length) fail(`console errors: ${errors.join(' | ')}`);
  console.log(`ok: evicted ${victim}`);
  await browser.close();
})().catch((e) => fail(e.stack || String(e)));
