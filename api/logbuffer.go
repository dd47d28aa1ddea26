package api

import (
	"context"
	"io"
	"log/slog"
	"strconv"
	"sync"
	"time"
)

// NewLogger returns the service's log: JSON lines to w at level and above,
// gathered and written in one write every logFlushEvery (or as soon as
// logBufferSize bytes wait), at once for a line at WARN or above, and when
// the returned Closer is closed. One write to stderr per request was a
// visible part of a verification's time; a line waits at most
// logFlushEvery (100 ms), and only a process killed outright (SIGKILL, out
// of memory) loses the lines of its last 100 ms.
func NewLogger(w io.Writer, level slog.Leveler) (*slog.Logger, io.Closer) {
	return newLogger(w, level, logFlushEvery)
}

func newLogger(w io.Writer, level slog.Leveler, every time.Duration) (*slog.Logger, io.Closer) {
	b := newLogBuffer(w, every)
	h := slog.NewJSONHandler(b, &slog.HandlerOptions{Level: level})
	return slog.New(flushOnWarn{Handler: h, b: b, plain: true}), b
}

const (
	logFlushEvery = 100 * time.Millisecond
	logBufferSize = 64 << 10
)

// logBuffer gathers log lines and writes them to w in one write.
type logBuffer struct {
	w    io.Writer
	stop chan struct{}
	done chan struct{}

	mu  sync.Mutex // guards buf
	buf []byte

	writing sync.Mutex // one write to w at a time, in order
	spare   []byte     // the buffer written last, reused; guarded by writing
}

func newLogBuffer(w io.Writer, every time.Duration) *logBuffer {
	b := &logBuffer{w: w, stop: make(chan struct{}), done: make(chan struct{}), buf: make([]byte, 0, logBufferSize)}
	go func() {
		defer close(b.done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				b.Flush()
			case <-b.stop:
				return
			}
		}
	}()
	return b
}

// Write keeps a copy of p (a whole line, as slog's handlers write).
func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	b.buf = append(b.buf, p...)
	full := len(b.buf) >= logBufferSize
	b.mu.Unlock()
	if full {
		return len(p), b.Flush()
	}
	return len(p), nil
}

// Flush writes what waits.
func (b *logBuffer) Flush() error {
	b.writing.Lock()
	defer b.writing.Unlock()
	b.mu.Lock()
	out := b.buf
	b.buf = b.spare[:0]
	b.mu.Unlock()
	b.spare = out
	if len(out) == 0 {
		return nil
	}
	_, err := b.w.Write(out)
	return err
}

// Close stops the periodic writes and writes what waits.
func (b *logBuffer) Close() error {
	select {
	case <-b.stop:
	default:
		close(b.stop)
		<-b.done
	}
	return b.Flush()
}

// flushOnWarn writes a line at WARN or above, and what waited before it,
// as soon as it is logged.
type flushOnWarn struct {
	slog.Handler
	b     *logBuffer
	plain bool // no attributes or groups added: requestLine may write
}

func (h flushOnWarn) Handle(ctx context.Context, r slog.Record) error {
	err := h.Handler.Handle(ctx, r)
	if r.Level >= slog.LevelWarn {
		if ferr := h.b.Flush(); err == nil {
			err = ferr
		}
	}
	return err
}

func (h flushOnWarn) WithAttrs(as []slog.Attr) slog.Handler {
	return flushOnWarn{Handler: h.Handler.WithAttrs(as), b: h.b}
}

func (h flushOnWarn) WithGroup(name string) slog.Handler {
	return flushOnWarn{Handler: h.Handler.WithGroup(name), b: h.b}
}

// requestLiner writes the line of a request: the same bytes slog's JSON
// handler writes for that record, without building the record.
type requestLiner interface {
	requestLine(ctx context.Context, l requestLine) bool
}

// requestLine is what the line of a request says.
type requestLine struct {
	at                time.Time
	id, method, route string
	status            int
	bytes, durationUS int64
}

// requestLine appends the line to the buffer and says true, or says false
// when slog must write it: a logger with attributes, INFO off, or a text
// that JSON would escape.
func (h flushOnWarn) requestLine(ctx context.Context, l requestLine) bool {
	if !h.plain || !h.Enabled(ctx, slog.LevelInfo) || !plainJSON(l.id) || !plainJSON(l.method) || !plainJSON(l.route) {
		return false
	}
	if y := l.at.Year(); y < 0 || y >= 10000 {
		return false
	}
	b := h.b
	b.mu.Lock()
	buf := append(b.buf, `{"time":"`...)
	buf = l.at.Round(0).AppendFormat(buf, time.RFC3339Nano)
	buf = append(buf, `","level":"INFO","msg":"request","id":"`...)
	buf = append(buf, l.id...)
	buf = append(buf, `","method":"`...)
	buf = append(buf, l.method...)
	buf = append(buf, `","route":"`...)
	buf = append(buf, l.route...)
	buf = append(buf, `","status":`...)
	buf = strconv.AppendInt(buf, int64(l.status), 10)
	buf = append(buf, `,"bytes":`...)
	buf = strconv.AppendInt(buf, l.bytes, 10)
	buf = append(buf, `,"duration_us":`...)
	buf = strconv.AppendInt(buf, l.durationUS, 10)
	buf = append(buf, "}\n"...)
	b.buf = buf
	full := len(buf) >= logBufferSize
	b.mu.Unlock()
	if full {
		b.Flush()
	}
	return true
}

// plainJSON tells whether s is written in JSON as it is: printable ASCII
// without quote or backslash.
func plainJSON(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c > '~' || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}
