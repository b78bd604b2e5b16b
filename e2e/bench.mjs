// Flow Lab training benchmark (run by `./build.sh bench` after a build).
// Prints one table of training throughput (samples/s, steady state, batch
// 1000) for the paper's Real NVP and MADE and the quick preset, measured
// (a) natively with `go test -bench`, (b) as wasm in Node with `go test
// -bench` under GOOS=js, (c) in Web Workers in headless Chromium with 1
// worker and with N workers (data-parallel), plus the ratios, and the quick
// preset's click-to-metrics time in the page.

import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { openSite, ROOT, waitForFlowlab } from './lib/browser.mjs';

const WORKLOADS = [
  { name: 'paper-realnvp', label: 'Paper Real NVP (8 × [4×100])', bench: 'BenchmarkTrainStepRealNVPPaper1000', steps: 6 },
  { name: 'paper-made', label: 'Paper MADE (8 × [2×200])', bench: 'BenchmarkTrainStepMADEPaper1000', steps: 6 },
  { name: 'quick-realnvp', label: 'Quick Real NVP (6 × [2×32])', bench: 'BenchmarkTrainStepQuick1000', steps: 60 },
];
const BATCH = 1000;

// goBench runs the engine's training-step benchmarks and returns samples/s by name.
function goBench(env, extraArgs) {
  const names = WORKLOADS.map((w) => w.bench.replace('Benchmark', '')).join('|');
  const out = execFileSync('go', ['test', '-run', '^$', '-bench', `^Benchmark(${names})$`, '-benchtime', '8x', '-count', '1', ...extraArgs, './flow/'],
    { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 24 });
  const rates = {};
  for (const line of out.split('\n')) {
    const m = line.match(/^(Benchmark\w+?)(-\d+)?\s+\d+\s+.*?([\d.]+) samples\/s/);
    if (m) rates[m[1]] = Number(m[3]);
  }
  for (const w of WORKLOADS) {
    if (!(w.bench in rates)) throw new Error(`${w.bench} missing from go test output:\n${out}`);
  }
  return rates;
}

const fmt = (v) => (v === undefined ? '–' : Math.round(v).toLocaleString('en-US'));
const ratio = (a, b) => (a && b ? (a / b).toFixed(2) + '×' : '–');

const goroot = execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim();
console.error('bench: native go test -bench …');
const native = goBench({}, []);
console.error('bench: wasm in Node (GOOS=js GOARCH=wasm go test -bench) …');
const node = goBench({ GOOS: 'js', GOARCH: 'wasm' }, [`-exec=${goroot}/lib/wasm/go_js_wasm_exec`]);

console.error('bench: Web Workers in headless Chromium …');
const site = await openSite();
const { page } = site;
await waitForFlowlab(page);
const cores = await page.evaluate(() => navigator.hardwareConcurrency);
const N = Math.max(2, cores);
const browser = {};
for (const w of WORKLOADS) {
  for (const workers of [1, N]) {
    const spec = JSON.stringify({ workload: w.name, batch: BATCH, steps: w.steps, workers });
    const res = JSON.parse(await page.evaluate((s) => window.flowlabBench(s), spec));
    if (res.error || res.message) throw new Error(`${w.name} with ${workers} workers: ${res.error || res.message}`);
    browser[`${w.name}/${workers}`] = res.samples_per_s;
    console.error(`  ${w.name}, ${workers} worker(s): ${fmt(res.samples_per_s)} samples/s`);
  }
}

// The quick preset as a visitor runs it: click Train, wait for the metrics.
await page.getByTestId('view-train').click();
await page.getByTestId('model-select').selectOption('realnvp');
await page.getByTestId('preset-select').selectOption('quick');
const t0 = Date.now();
await page.getByTestId('train-button').click();
const st = await waitForFlowlab(page, { until: 's.phase === "done"', timeoutMs: 300000 });
const clickToDone = (Date.now() - t0) / 1000;
await site.close();

const rows = [
  `| workload | native | wasm (Node) | Chromium, 1 worker | Chromium, ${N} workers | wasm/native (Node) | 1 worker/native | ${N}/1 workers |`,
  '|---|---:|---:|---:|---:|---:|---:|---:|',
];
for (const w of WORKLOADS) {
  const nat = native[w.bench], nod = node[w.bench], b1 = browser[`${w.name}/1`], bn = browser[`${w.name}/${N}`];
  rows.push(`| ${w.label} | ${fmt(nat)} | ${fmt(nod)} | ${fmt(b1)} | ${fmt(bn)} | ${ratio(nod, nat)} | ${ratio(b1, nat)} | ${ratio(bn, b1)} |`);
}
console.log(`Training throughput, samples/s (batch ${BATCH}, steady state; ${os.cpus().length} CPUs: ${os.cpus()[0]?.model ?? 'unknown'}; navigator.hardwareConcurrency ${cores})\n`);
console.log(rows.join('\n'));
console.log(`\nQuick preset in the page, click Train → both flows trained and metrics shown: ${clickToDone.toFixed(1)} s (ROC AUC ${st.auc.toFixed(4)})`);
