// Flow Lab training worker bootstrap: loads the Go runtime glue, gets the
// worker's compiled wasm module, and runs it, queuing every message that
// arrives before Go listens, then handing them to Go in arrival order.
//
// Started as "worker.js#module" (the page's assets/workers.js does that), it
// waits for the page to post { flowlabModule } (the WebAssembly.Module the
// page compiled once for all workers and runs) or { flowlabModuleError };
// without the fragment it downloads and compiles worker.wasm itself. Helper
// workers it starts for data-parallel training (wasm/worker/pool_js.go,
// new Worker(location.href)) are posted the same module.
'use strict';
importScripts('wasm_exec.js');

const early = [];
const waitsForModule = self.location.hash === '#module';
let gotModule; // resolves the posted module (or rejects with the page's reason)
const posted = new Promise((resolve, reject) => { gotModule = { resolve, reject }; });

self.onmessage = (ev) => {
  const d = ev.data;
  if (d && typeof d === 'object' && ('flowlabModule' in d || 'flowlabModuleError' in d)) {
    if (d.flowlabModule instanceof WebAssembly.Module) gotModule.resolve(d.flowlabModule);
    else gotModule.reject(new Error(d.flowlabModuleError || 'the page sent no wasm module'));
    return;
  }
  if (typeof self.flowlabReceive === 'function') {
    while (early.length) self.flowlabReceive(early.shift());
    self.flowlabReceive(d);
  } else {
    early.push(d);
  }
};

// Drain the queue as soon as Go has installed its receiver.
const drain = setInterval(() => {
  if (typeof self.flowlabReceive === 'function') {
    clearInterval(drain);
    while (early.length) self.flowlabReceive(early.shift());
  }
}, 5);

async function fetchModule() {
  const url = new URL('worker.wasm', self.location.href);
  let resp;
  try {
    resp = await fetch(url);
  } catch (err) {
    throw new Error('could not download worker.wasm: ' + err.message);
  }
  if (!resp.ok) throw new Error('could not download worker.wasm: HTTP ' + resp.status + ' ' + resp.statusText);
  if (WebAssembly.compileStreaming) return WebAssembly.compileStreaming(resp);
  return WebAssembly.compile(await resp.arrayBuffer());
}

// Helpers started from here get this worker's module instead of a download.
function shareModule(module) {
  const NativeWorker = self.Worker;
  if (typeof NativeWorker !== 'function') return;
  self.Worker = function Worker(url, options) {
    const w = new NativeWorker(url, options);
    w.postMessage({ flowlabModule: module });
    return w;
  };
}

(async () => {
  try {
    const module = await (waitsForModule ? posted : fetchModule());
    shareModule(module);
    const go = new Go();
    const instance = await WebAssembly.instantiate(module, go.importObject);
    // The engine's SIMD modules (flow/kernels_js.go, flow/vec_js.go) work in
    // place on Go's memory, which Go cannot find by itself.
    self.flowlabGoMemory = instance.exports.mem;
    await go.run(instance);
    self.postMessage({ kind: 'failed', json: JSON.stringify({ message: 'worker: Go program exited' }), f64: [] });
  } catch (err) {
    clearInterval(drain);
    const message = 'worker: cannot start: ' + (err && err.message ? err.message : String(err));
    self.postMessage({ kind: 'failed', json: JSON.stringify({ message }), f64: [] });
  }
})();
