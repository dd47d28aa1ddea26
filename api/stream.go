package api

import (
	"io"
	"net/http"
	"time"
)

// progressWriter is the writer of a streaming answer (the dossier): each
// write pushes the connection's write deadline timeout further, so that a
// long answer that keeps making progress is not cut by the server's
// WriteTimeout, while a client that stops reading still ends the answer:
// its writes block, and fail once timeout has passed without progress.
type progressWriter struct {
	w        io.Writer
	rc       *http.ResponseController
	timeout  time.Duration
	extended time.Time // when the deadline was last pushed
	err      error     // from SetWriteDeadline: not supported, answer as before
}

func newProgressWriter(w http.ResponseWriter, timeout time.Duration) *progressWriter {
	return &progressWriter{w: w, rc: http.NewResponseController(w), timeout: timeout}
}

func (p *progressWriter) Write(b []byte) (int, error) {
	// Pushing the deadline takes a lock in the poller: not on every write,
	// but once a quarter of the timeout (a second at most) has passed, which
	// keeps the deadline at least three quarters of the timeout ahead.
	if now := time.Now(); p.timeout > 0 && p.err == nil && now.Sub(p.extended) >= min(p.timeout/4, time.Second) {
		p.err = p.rc.SetWriteDeadline(now.Add(p.timeout))
		p.extended = now
	}
	return p.w.Write(b)
}
