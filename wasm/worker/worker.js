// Flow Lab training worker bootstrap: loads the Go runtime glue and the
// worker's wasm, queuing every message that arrives before Go listens, then
// hands them to Go in arrival order.
'use strict';
importScripts('wasm_exec.js');

const early = [];
self.onmessage = (ev) => {
  if (typeof self.flowlabReceive === 'function') {
    while (early.length) self.flowlabReceive(early.shift());
    self.flowlabReceive(ev.data);
  } else {
    early.push(ev.data);
  }
};

// Drain the queue as soon as Go has installed its receiver.
const drain = setInterval(() => {
  if (typeof self.flowlabReceive === 'function') {
    clearInterval(drain);
    while (early.length) self.flowlabReceive(early.shift());
  }
}, 5);

(async () => {
  try {
    const go = new Go();
    const url = new URL('worker.wasm', self.location.href);
    let result;
    if (WebAssembly.instantiateStreaming) {
      result = await WebAssembly.instantiateStreaming(fetch(url), go.importObject);
    } else {
      const bytes = await (await fetch(url)).arrayBuffer();
      result = await WebAssembly.instantiate(bytes, go.importObject);
    }
    // The engine's SIMD modules (flow/kernels_js.go, flow/vec_js.go) work in
    // place on Go's memory, which Go cannot find by itself.
    self.flowlabGoMemory = result.instance.exports.mem;
    await go.run(result.instance);
    self.postMessage({ kind: 'failed', json: JSON.stringify({ message: 'worker: Go program exited' }), f64: [] });
  } catch (err) {
    clearInterval(drain);
    self.postMessage({ kind: 'failed', json: JSON.stringify({ message: 'worker: cannot start: ' + err }), f64: [] });
  }
})();
