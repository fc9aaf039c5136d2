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
    // the Kubernetes LIST pages of nodes and pods: request sent -> last byte, as the browser saw them
    const pages = (what) => performance.getEntriesByType('resource').filter((e) => new RegExp(`/api/v1/${what}\\?limit=`).test(e.name))
      .map((e) => ({ ms: e.responseEnd - e.requestStart, at: e.startTime, limit: +/limit=(\d+)/.exec(e.name)[1] }));
    const sum = (ps) => {
      if (!ps.length) return 'none';
      const big = ps.filter((p) => p.limit === Math.max(...ps.map((q) => q.limit))).map((p) => p.ms).sort((a, b) => a - b);
      return `${ps.length} pages (first: limit ${ps[0].limit}, ${Math.round(ps[0].ms)} ms at ${Math.round(ps[0].at)}; limit ${ps[ps.length > 1 ? 1 : 0].limit}: median ${Math.round(big[big.length >> 1])} ms, max ${Math.round(big[big.length - 1])} ms)`;
    };
    return { nodePages: sum(pages('nodes')), podPages: sum(pages('pods')), domContentLoaded: Math.round(nav.domContentLoadedEventEnd), nodesFirstScreen: m('aksemu:nodes-first-screen'), nodesListed: m('aksemu:nodes-listed'), podsListed: m('aksemu:pods-listed'), longestTask: Math.round(window.__long), rowsInDom: document.querySelectorAll('#list-nodes .vrow').length };
  });
  console.log(`ui-nodes (${nodes} nodes), ms since navigation start: DOMContentLoaded ${t.domContentLoaded}, node list first screen ${t.nodesFirstScreen}, all nodes listed ${t.nodesListed}, pods listed ${t.podsListed}; longest task ${t.longestTask} ms; ${t.rowsInDom} row elements in the DOM`);
  console.log(`  node LIST ${t.nodePages}; pod LIST ${t.podPages}`);
  await browser.close();
})().catch((e) => { console.error(e); process.exit(1); });
