// bench/ui-nodes.cjs - opens the node list and prints the browser's performance timings.
const { chromium } = require('playwright-core');
const [url, nodes] = process.argv.slice(2);
(async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROME || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const page = await (await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 800 } })).newPage();
  await page.addInitScript(() => {
    window.__long = 0;
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long = Math.max(window.__long, e.duration); }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(url);
  await page.waitForFunction((n) => document.querySelector('#shown-nodes').textContent === `${n} nodes`, nodes, { timeout: 120000 });
  await page.waitForFunction(() => performance.getEntriesByName('aksemu:pods-listed').length > 0, null, { timeout: 180000 });
  await page.waitForTimeout(1000);
  const t = await page.evaluate(() => {
    const m = (n) => { const e = performance.getEntriesByName(n)[0]; return e ? Math.round(e.startTime) : null; };
    const nav = performance.getEntriesByType('navigation')[0];
    return { domContentLoaded: Math.round(nav.domContentLoadedEventEnd), nodesFirstScreen: m('aksemu:nodes-first-screen'), nodesListed: m('aksemu:nodes-listed'), podsListed: m('aksemu:pods-listed'), longestTask: Math.round(window.__long), rowsInDom: document.querySelectorAll('#list-nodes .vrow').length };
  });
  console.log(`ui-nodes (${nodes} nodes), ms since navigation start: DOMContentLoaded ${t.domContentLoaded}, node list first screen ${t.nodesFirstScreen}, all nodes listed ${t.nodesListed}, pods listed ${t.podsListed}; longest task ${t.longestTask} ms; ${t.rowsInDom} row elements in the DOM`);
  await browser.close();
})().catch((e) => { console.error(e); process.exit(1); });
