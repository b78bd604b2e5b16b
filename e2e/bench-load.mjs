// Load benchmark (issue 12): what a visitor's browser downloads and how soon
// the Data view is usable, over an emulated 10 Mbit/s link with 40 ms
// latency (Chromium's network emulation through the DevTools protocol):
//
//   first visit   a fresh profile: bytes the server sent until the Data
//                 view is usable, then until the service worker has cached
//                 the whole site
//   second visit  the same profile, a new tab: what still reaches the
//                 server (only the service worker's update check should)
//   offline       the same profile with the server stopped and the browser
//                 offline: reload until usable
//
// "Usable" is the first animation frame (the frame about to be painted) in
// which window.flowlab.ready holds: the data is loaded and its summary
// rendered. Bytes are response bodies as cmd/serve logs them (brotli where
// the browser accepts it), so headers are not counted. Targets: first visit
// ≤ 3.5 MB and ≤ 5 s; second visit 0 bytes but the update check, ≤ 1 s.
//
// Run: ./build.sh bench load (after a build), or node e2e/bench-load.mjs.

import {
  ONLY_LOCAL_ARGS, launchBrowser, startServer, waitForFlowlab, watch, issueList,
} from './lib/browser.mjs';

const LINK = { latency: 40, downloadThroughput: (10e6 / 8), uploadThroughput: (10e6 / 8) };
const ROUNDS = Number(process.env.BENCH_LOAD_ROUNDS || 3);

// served parses cmd/serve's verbose log from line `from` on:
// [{ path, status, bytes, encoding }].
function served(server, from = 0) {
  return server.log().split('\n').slice(from)
    .map((l) => /(GET|HEAD) (\S+) (\d+) (\d+)B (\S+)/.exec(l))
    .filter(Boolean)
    .map((m) => ({ path: m[2], status: Number(m[3]), bytes: Number(m[4]), encoding: m[5] }));
}

function lines(server) {
  return server.log().split('\n').length - 1;
}

async function emulate(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, ...LINK });
  return cdp;
}

// visit opens the site in a new tab and returns seconds until usable (from
// the navigation's start, the page's own clock).
async function visit(context, url) {
  const page = await context.newPage();
  await emulate(context, page);
  // The moment of the first animation frame that finds the page ready: the
  // frame about to be painted with the data view (polling from the test
  // would add up to its interval).
  await page.addInitScript(() => {
    const tick = () => {
      if (window.flowlab && window.flowlab.ready) window.__flowlabUsableAt = performance.now();
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await page.goto(url, { waitUntil: 'commit' });
  await waitForFlowlab(page, { timeoutMs: 120_000 });
  const seconds = (await page.evaluate('window.__flowlabUsableAt ?? performance.now()')) / 1000;
  const phases = await page.evaluate(`(() => {
    const at = (n) => { const e = performance.getEntriesByName(n); return e.length ? Math.round(e[0].startTime ?? 0) : null; };
    const res = (suffix) => { const e = performance.getEntriesByType('resource').find((r) => r.name.endsWith(suffix)); return e ? Math.round(e.responseEnd) : null; };
    return { appDownloaded: at('flowlab:app-downloaded'), appCompiled: at('flowlab:app-compiled'), firstRender: at('flowlab:first-render'), data: res('data/rrlyrae.bin'), ready: Math.round(window.__flowlabUsableAt ?? performance.now()) };
  })()`);
  return { page, seconds, phases };
}

async function waitCached(page) {
  await page.waitForFunction(
    `(() => { const o = window.flowlabOffline; if (o && o.state === 'failed') throw new Error(o.error); return o && o.state === 'ready' && navigator.serviceWorker.controller; })()`,
    undefined, { timeout: 180_000, polling: 100 });
}

function sum(list) {
  return list.reduce((a, r) => a + r.bytes, 0);
}

function mb(n) {
  return (n / 1e6).toFixed(2);
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const rows = { first: [], complete: [], second: [], offline: [] };
for (let round = 0; round < ROUNDS; round++) {
  let server = await startServer({ verbose: true });
  const browser = await launchBrowser({ args: ONLY_LOCAL_ARGS, serviceWorkers: 'allow' });
  try {
    const { context } = browser;
    const issues = await watch(context, { route: false });
    await context.pages()[0]?.close();

    const first = await visit(context, server.url);
    const atUsable = served(server);
    console.error(`round ${round + 1}: first visit phases (ms) ${JSON.stringify(first.phases)}`);
    rows.first.push({ s: first.seconds, bytes: sum(atUsable), n: atUsable.length, files: atUsable });
    await waitCached(first.page);
    const all = served(server);
    rows.complete.push({ s: null, bytes: sum(all), n: all.length, files: all });
    await first.page.close();

    const mark = lines(server);
    const second = await visit(context, server.url);
    await second.page.waitForTimeout(1000); // let the update check finish
    const again = served(server, mark);
    console.error(`round ${round + 1}: second visit phases (ms) ${JSON.stringify(second.phases)}`);
    rows.second.push({ s: second.seconds, bytes: sum(again), n: again.length, files: again });

    const { port } = server;
    await server.stop();
    await context.setOffline(true);
    await second.page.reload({ waitUntil: 'commit' });
    await waitForFlowlab(second.page);
    rows.offline.push({ s: (await second.page.evaluate('window.__flowlabUsableAt ?? performance.now()')) / 1000, bytes: 0, n: 0, files: [] });
    await context.setOffline(false);
    server = await startServer({ verbose: true, port });
    const problems = issueList(issues);
    if (problems.length) console.error(`bench-load: round ${round + 1}: ${problems.join('; ')}`);
  } finally {
    await browser.close();
    await server.stop();
  }
}

const show = (r) => r.files.map((f) => `${f.path} ${f.status} ${f.bytes}B ${f.encoding}`).join(', ');
console.log(`\nLoad over an emulated ${LINK.downloadThroughput * 8 / 1e6} Mbit/s, ${LINK.latency} ms link; medians of ${ROUNDS} rounds (range in brackets)\n`);
console.log('| visit | requests | bytes sent (MB) | usable Data view (s) | target |');
console.log('|---|---:|---:|---:|---|');
const line = (name, list, target) => {
  const secs = list.map((r) => r.s).filter((s) => s !== null);
  const t = secs.length ? `${median(secs).toFixed(2)} [${Math.min(...secs).toFixed(2)}–${Math.max(...secs).toFixed(2)}]` : '–';
  console.log(`| ${name} | ${median(list.map((r) => r.n))} | ${mb(median(list.map((r) => r.bytes)))} | ${t} | ${target} |`);
};
line('first visit, until usable', rows.first, '≤ 3.5 MB, ≤ 5 s');
line('first visit, site cached for offline', rows.complete, '');
line('second visit', rows.second, '0 B but the update check, ≤ 1 s');
line('offline reload', rows.offline, 'works');
console.log('');
console.log(`first visit until usable: ${show(rows.first[0])}`);
console.log(`second visit: ${show(rows.second[0]) || 'no requests'}`);
