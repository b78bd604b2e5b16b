package dataview

import (
	"errors"
	"io"
	"strings"
	"testing"
)

// TestProgressReaderCounts reads files of each line end in small chunks
// (a \r\n may be split between two): the bytes come through unchanged, and
// the lines and bytes reported are the file's.
func TestProgressReaderCounts(t *testing.T) {
	body := strings.Repeat("1,2,0\n", 1000)
	for _, end := range []string{"\n", "\r\n", "\r"} {
		file := strings.ReplaceAll(body, "\n", end)
		src := []byte(file)
		chunk := 7 // splits some \r\n pairs
		var reports int
		r := &progressReader{next: func() ([]byte, error) {
			if len(src) == 0 {
				return nil, io.EOF
			}
			n := min(chunk, len(src))
			b := src[:n]
			src = src[n:]
			return b, nil
		}, report: func(bytes, lines int) bool { reports++; return true }}
		got, err := io.ReadAll(r)
		if err != nil || string(got) != file {
			t.Fatalf("%q: %v, %d bytes of %d", end, err, len(got), len(file))
		}
		if r.lines != 1000 || r.bytes != len(file) || reports == 0 {
			t.Errorf("%q: %d lines, %d bytes, %d reports; want 1000, %d", end, r.lines, r.bytes, reports, len(file))
		}
	}
}

// TestProgressReaderStops: a reading whose report says it was replaced
// stops at once with errReplaced.
func TestProgressReaderStops(t *testing.T) {
	calls := 0
	r := &progressReader{next: bytesSource(make([]byte, 10*readChunk)), report: func(int, int) bool { calls++; return calls < 3 }}
	_, err := io.ReadAll(r)
	if !errors.Is(err, errReplaced) || r.bytes != 3*readChunk {
		t.Errorf("err %v after %d bytes, want errReplaced after %d", err, r.bytes, 3*readChunk)
	}
}

// TestReplacedFileIsForgotten: a second file drops the first one's table
// and its statistics, and a file being read shows how far it got.
func TestReplacedFileIsForgotten(t *testing.T) {
	a, env, c := dataViewApp()
	upload(t, env, c, "first.csv", goodCSV)
	first := a.Data
	upload(t, env, c, "second.csv", "x1,x2,label\n1,2,0\n2,1,1\n3,3,0\n0,1,1\n")
	if a.Data == first {
		t.Fatal("the second file is not in use")
	}
	explorerCache.Lock()
	_, kept := explorerCache.m[first]
	explorerCache.Unlock()
	if kept {
		t.Error("the first file's statistics (and so its table) are still cached")
	}
	f := &uploadFile{Name: "big.csv", Size: 1000, Stage: "reading the rows", Bytes: 410, Lines: 41000}
	c.side().file = f
	if got, want := c.ReadingText(), "Reading big.csv (1.0 kB): reading the rows, 41,000 lines read (41%)…"; got != want {
		t.Errorf("reading text %q, want %q", got, want)
	}
}
