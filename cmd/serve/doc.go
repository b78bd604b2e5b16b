// Command serve is Flow Lab's static file server for the built site in dist/.
//
// It serves the files of one directory and nothing else: no directory
// listings, no paths outside the directory (symbolic links included), only
// GET and HEAD. It listens on the loopback interface by default
// (127.0.0.1:8080), so the page is not reachable from other machines unless
// -addr says otherwise.
//
// Content types are fixed for the file types the site uses (.wasm is
// application/wasm, which WebAssembly.instantiateStreaming requires). When
// pre-compressed twins X.br (brotli) or X.gz (gzip) exist beside X, at least
// as new as X, the one the client's Accept-Encoding prefers is sent with its
// Content-Encoding (br before gzip when both are equally welcome, the plain
// file when neither is); the response then always carries
// Vary: Accept-Encoding. Every response has Cache-Control: no-cache and an
// ETag plus Last-Modified, so browsers keep a copy but revalidate it on each
// load and never run a stale app.wasm after a rebuild.
//
// Usage:
//
//	go run ./cmd/serve -dir dist -addr 127.0.0.1:8080 [-v]
//
// With -addr 127.0.0.1:0 the system picks a free port; the line printed on
// start-up ("serving DIR at http://HOST:PORT/") gives the real address.
package main
