package dataview

import (
	"bytes"
	"io"
)

// chunkSource returns a file's next chunk, and io.EOF after the last. A
// chunk may be reused by the next call.
type chunkSource func() ([]byte, error)

// readChunk is the size of the chunks a file is read in: small enough that
// parsing one takes a few tens of milliseconds in the page, so the browser
// paints and handles input between them.
const readChunk = 256 << 10

// progressReader reads a chunkSource as an io.Reader, counting its bytes
// and line ends (\n, \r\n or a lone \r), and calls report after each chunk;
// when report returns false the reading stops with errReplaced.
type progressReader struct {
	next   chunkSource
	report func(bytes, lines int) bool
	chunk  []byte
	bytes  int
	lines  int
	lastCR bool // the previous chunk ended with \r
	err    error
}

// Read implements io.Reader.
func (r *progressReader) Read(p []byte) (int, error) {
	for len(r.chunk) == 0 {
		if r.err != nil {
			return 0, r.err
		}
		b, err := r.next()
		if len(b) > 0 {
			r.count(b)
			r.chunk = b
			if !r.report(r.bytes, r.lines) {
				r.err, r.chunk = errReplaced, nil
				return 0, errReplaced
			}
		}
		if err != nil {
			r.err = err
		} else if len(b) == 0 {
			r.err = io.ErrNoProgress
		}
	}
	n := copy(p, r.chunk)
	r.chunk = r.chunk[n:]
	return n, nil
}

// count adds b's bytes and line ends.
func (r *progressReader) count(b []byte) {
	r.bytes += len(b)
	crlf := bytes.Count(b, []byte("\r\n"))
	if r.lastCR && b[0] == '\n' {
		crlf++
	}
	r.lines += bytes.Count(b, []byte("\n")) + bytes.Count(b, []byte("\r")) - crlf
	r.lastCR = b[len(b)-1] == '\r'
}

// bytesSource serves b in chunks of readChunk (tests, and files already in memory).
func bytesSource(b []byte) chunkSource {
	return func() ([]byte, error) {
		if len(b) == 0 {
			return nil, io.EOF
		}
		n := min(len(b), readChunk)
		out := b[:n]
		b = b[n:]
		return out, nil
	}
}
