package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"certidoc/referentiel"
)

// lockedBuffer is a bytes.Buffer safe to read while the log writes to it.
type lockedBuffer struct {
	mu     sync.Mutex
	b      bytes.Buffer
	writes int
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.writes++
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestLoggerBuffers: the service's log writes INFO lines together within
// 100 ms, a WARN line (and what waited before it) at once, everything on
// Close, and keeps each line whole and in order when many goroutines log.
func TestLoggerBuffers(t *testing.T) {
	tests := []struct {
		name  string
		every time.Duration
		run   func(t *testing.T, log *slog.Logger, out *lockedBuffer)
	}{
		{"info lines wait", time.Hour, func(t *testing.T, log *slog.Logger, out *lockedBuffer) {
			log.Info("un")
			log.Info("deux")
			if got := out.String(); got != "" {
				t.Errorf("written at once: %q", got)
			}
		}},
		{"info lines wait at most the interval", logFlushEvery, func(t *testing.T, log *slog.Logger, out *lockedBuffer) {
			log.Info("un")
			log.Info("deux")
			deadline := time.Now().Add(2 * time.Second)
			for !strings.Contains(out.String(), `"msg":"deux"`) && time.Now().Before(deadline) {
				time.Sleep(10 * time.Millisecond)
			}
			if got := out.String(); !strings.Contains(got, `"msg":"un"`) || !strings.Contains(got, `"msg":"deux"`) {
				t.Errorf("after the interval: %q", got)
			}
		}},
		{"a warning is written at once with what waited", time.Hour, func(t *testing.T, log *slog.Logger, out *lockedBuffer) {
			log.Info("avant")
			log.With("k", "v").Warn("attention")
			got := out.String()
			if !strings.Contains(got, `"msg":"avant"`) || !strings.Contains(got, `"msg":"attention"`) {
				t.Errorf("after a warning: %q", got)
			}
		}},
		{"many goroutines", logFlushEvery, func(t *testing.T, log *slog.Logger, out *lockedBuffer) {
			var wg sync.WaitGroup
			for g := range 8 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := range 2000 {
						log.Info("request", "g", g, "i", i, "pad", strings.Repeat("x", 40))
					}
				}()
			}
			wg.Wait()
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := &lockedBuffer{}
			log, closer := newLogger(out, slog.LevelInfo, tt.every)
			tt.run(t, log, out)
			log.Info("dernier")
			if err := closer.Close(); err != nil {
				t.Fatal(err)
			}
			if tt.every == time.Hour && out.writes > 2 {
				t.Errorf("%d writes, want the lines written together", out.writes)
			}
			lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
			if last := lines[len(lines)-1]; !strings.Contains(last, `"msg":"dernier"`) {
				t.Errorf("last line after Close: %q", last)
			}
			next := map[float64]float64{}
			for _, l := range lines {
				var m map[string]any
				if err := json.Unmarshal([]byte(l), &m); err != nil {
					t.Fatalf("line cut or mixed: %q", l)
				}
				if g, ok := m["g"].(float64); ok {
					if m["i"] != next[g] {
						t.Fatalf("goroutine %v: line %v where %v was due", g, m["i"], next[g])
					}
					next[g]++
				}
			}
			for g, n := range next {
				if n != 2000 {
					t.Errorf("goroutine %v: %v lines, want 2000", g, n)
				}
			}
		})
	}
}

// TestRequestLogLine: the request line names the route pattern, never the
// code looked up, and gives the duration in whole microseconds, whether
// slog writes it or the service's log itself.
func TestRequestLogLine(t *testing.T) {
	for _, own := range []bool{false, true} {
		t.Run(fmt.Sprint("service log ", own), func(t *testing.T) {
			var out bytes.Buffer
			log := slog.New(slog.NewJSONHandler(&out, nil))
			var closer io.Closer = io.NopCloser(nil)
			if own {
				log, closer = NewLogger(&out, slog.LevelInfo)
			}
			ref, err := referentiel.Embedded()
			if err != nil {
				t.Fatal(err)
			}
			a := call(t, New(DefaultConfig(), ref, log, fixedNow).Handler(), "GET", "/verifier/ABCDE-FGHJK", nil)
			closer.Close()
			if a.status != 501 {
				t.Fatalf("status %d", a.status)
			}
			var line struct {
				Msg, ID, Method, Route string
				Status                 int
				Bytes                  int64
				DurationUS             *int64 `json:"duration_us"`
			}
			if err := json.Unmarshal(out.Bytes(), &line); err != nil {
				t.Fatalf("%v: %s", err, out.String())
			}
			want := fmt.Sprint(line.Msg == "request", line.Method == "GET", line.Route == "/verifier/:code", line.Status == 501, line.Bytes > 0, line.ID != "", line.DurationUS != nil)
			if want != "true true true true true true true" || strings.Contains(out.String(), "ABCDE") {
				t.Errorf("log line: %s", out.String())
			}
		})
	}
}

// TestRequestLineAsSlog: the request line the service's log writes itself
// is byte for byte the line slog's JSON handler writes for the same
// record; texts JSON would escape, and a logger with attributes, go through
// slog.
func TestRequestLineAsSlog(t *testing.T) {
	at := time.Date(2026, 11, 28, 0, 30, 1, 123456789, time.FixedZone("CET", 3600))
	tests := []struct {
		name    string
		line    requestLine
		with    bool // a logger with an attribute added
		written bool // by requestLine itself
	}{
		{"verification", requestLine{at, "0a1b2c3d4e5f60718293a4b5", "GET", "/verifier/:code", 200, 1523, 42}, false, true},
		{"no route, whole second", requestLine{at.Truncate(time.Second), "lb-1.2_3", "HEAD", "(aucune)", 404, 0, 0}, false, true},
		{"quote in the method", requestLine{at, "x", `G"T`, "(aucune)", 405, 10, 1}, false, false},
		{"accent in the route", requestLine{at, "x", "GET", "/vérifier", 404, 10, 1}, false, false},
		{"logger with attributes", requestLine{at, "x", "GET", "/healthz", 200, 10, 1}, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got, want bytes.Buffer
			log, closer := newLogger(&got, slog.LevelInfo, time.Hour)
			if tt.with {
				log = log.With("k", "v")
			}
			written := log.Handler().(requestLiner).requestLine(context.Background(), tt.line)
			closer.Close()
			if written != tt.written {
				t.Fatalf("written by requestLine: %v, want %v", written, tt.written)
			}
			if !written {
				return
			}
			r := slog.NewRecord(tt.line.at, slog.LevelInfo, "request", 0)
			r.AddAttrs(slog.String("id", tt.line.id), slog.String("method", tt.line.method), slog.String("route", tt.line.route),
				slog.Int("status", tt.line.status), slog.Int64("bytes", tt.line.bytes), slog.Int64("duration_us", tt.line.durationUS))
			if err := slog.NewJSONHandler(&want, nil).Handle(context.Background(), r); err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Errorf("got  %s\nwant %s", got.String(), want.String())
			}
		})
	}
}
