// Runs a Go test binary built with GOOS=js GOARCH=wasm under Node, like
// $(go env GOROOT)/lib/wasm/wasm_exec_node.js (which it loads), and also
// exposes the Go program's memory as globalThis.flowlabGoMemory, as the
// page and its workers do (assets/boot.js, wasm/worker/worker.js), so that
// the engine's SIMD modules (flow/kernels_js.go, flow/vec_js.go) run in the
// tests too.
'use strict';
const path = require('path');
const { execFileSync } = require('child_process');

const goroot = process.env.GOROOT || execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim();
const instantiate = WebAssembly.instantiate;
WebAssembly.instantiate = async (...args) => {
  const result = await instantiate(...args);
  if (!globalThis.flowlabGoMemory && result.instance) {
    globalThis.flowlabGoMemory = result.instance.exports.mem;
  }
  return result;
};
require(path.join(goroot, 'lib', 'wasm', 'wasm_exec_node.js'));
