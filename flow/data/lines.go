package data

import (
	"bytes"
	"fmt"
	"io"
)

// lineEnds normalises the line ends of a text stream for encoding/csv, which
// understands \n and \r\n but keeps a lone \r (old Mac, some exporters) as
// data: every \r\n and every lone \r becomes \n, so line numbers stay those
// of the file. It also enforces the file-size and line-length caps, so a
// hostile input cannot make the CSV reader buffer more than maxLine bytes
// for one line or read more than maxBytes in all.
type lineEnds struct {
	r         io.Reader
	pendingCR bool // the last byte read was a \r (already written as \n)
	maxBytes  int64
	maxLine   int
	total     int64 // bytes read from r
	lines     int   // line ends seen
	lineLen   int   // bytes since the last line end
	lf, crlf  int   // line ends seen of each kind
	cr        int
	comments  int   // lines that start with '#'
	err       error // sticky cap error
}

// Read implements io.Reader.
func (n *lineEnds) Read(p []byte) (int, error) {
	if n.err != nil {
		return 0, n.err
	}
	if len(p) > 1<<16 {
		p = p[:1<<16] // keeps one chunk shorter than any sane line cap
	}
	k, err := n.r.Read(p)
	n.total += int64(k)
	if n.maxBytes > 0 && n.total > n.maxBytes {
		n.err = fmt.Errorf("%w: the file is larger than %s", ErrFileTooLarge, byteSize(n.maxBytes))
		return 0, n.err
	}
	b := p[:k]
	if !n.pendingCR && bytes.IndexByte(b, '\r') < 0 {
		// Fast path: only \n line ends in this chunk.
		if len(b) > 0 && b[0] == '#' && n.lineLen == 0 {
			n.comments++
		}
		n.comments += bytes.Count(b, []byte("\n#"))
		if i := bytes.IndexByte(b, '\n'); i >= 0 && n.lineLen+i > n.maxLine && n.maxLine > 0 {
			n.lineLen += i
		} else if i := bytes.LastIndexByte(b, '\n'); i >= 0 {
			c := bytes.Count(b, []byte{'\n'})
			n.lines += c
			n.lf += c
			n.lineLen = len(b) - i - 1
		} else {
			n.lineLen += len(b)
		}
	} else {
		out := 0
		for _, c := range b {
			if n.pendingCR {
				n.pendingCR = false
				if c == '\n' {
					n.cr--
					n.crlf++
					continue // the \n of a \r\n: already written
				}
			}
			switch c {
			case '\r':
				n.pendingCR = true
				n.cr++
				c = '\n'
				fallthrough
			case '\n':
				if !n.pendingCR {
					n.lf++
				}
				if n.maxLine > 0 && n.lineLen > n.maxLine {
					return 0, n.lineTooLong()
				}
				n.lines++
				n.lineLen = 0
			default:
				if c == '#' && n.lineLen == 0 {
					n.comments++
				}
				n.lineLen++
			}
			b[out] = c
			out++
		}
		b = b[:out]
	}
	if n.maxLine > 0 && n.lineLen > n.maxLine {
		return 0, n.lineTooLong()
	}
	return len(b), err
}

// lineTooLong sets and returns the error for the line being read.
func (n *lineEnds) lineTooLong() error {
	n.err = &ParseError{Line: n.lines + 1, Err: fmt.Errorf("%w: more than %s without a line end; is this a CSV file?", ErrLineTooLong, byteSize(int64(n.maxLine)))}
	return n.err
}

// ending names the line ends seen: "LF", "CRLF", "CR" (the most common), or
// "" if there was only one line.
func (n *lineEnds) ending() string {
	switch {
	case n.lf == 0 && n.crlf == 0 && n.cr == 0:
		return ""
	case n.crlf >= n.lf && n.crlf >= n.cr:
		return "CRLF"
	case n.cr > n.lf:
		return "CR"
	}
	return "LF"
}

// byteSize writes n bytes for people: "64 KiB", "256 MiB".
func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
