package main

import (
	"log"
	"net/http"
	"time"
)

// logRequests wraps h to log one line per request: method, path, status,
// bytes written, Content-Encoding and duration.
func logRequests(h http.Handler, l *log.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(rec, r)
		enc := rec.Header().Get("Content-Encoding")
		if enc == "" {
			enc = "-"
		}
		l.Printf("%s %s %d %dB %s %s", r.Method, r.URL.RequestURI(), rec.status, rec.bytes, enc, time.Since(start).Round(time.Microsecond))
	})
}

// statusRecorder remembers the status code and body size of a response.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	n, err := s.ResponseWriter.Write(b)
	s.bytes += int64(n)
	return n, err
}
