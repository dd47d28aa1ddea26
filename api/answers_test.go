package api

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"certidoc/internal/testtool"
	"certidoc/referentiel"
	"certidoc/registre"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestAnswersOnTheWire: what a client reads from the service (status
// line, headers in the order sent, body), the log lines and the request
// metrics stay byte for byte those of testdata/answers.golden, for the
// answers of the verification route (200, HEAD, 404, 410, 429, 503, 501)
// and of the paths echo answers itself (no route, wrong method). Only the
// Date and a new request id vary; the id is checked for its form.
//
//	go test ./api -run AnswersOnTheWire -update
func TestAnswersOnTheWire(t *testing.T) {
	var out strings.Builder
	var logs []*wireLog
	s, reg := newWireServer(t, &registre.Config{Dir: t.TempDir()}, &logs, nil)
	addr := serveWire(t, s)
	closing := wire(t, addr, "POST /api/v1/registre/sessions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "+fmt.Sprint(len(exempleBody(t)))+"\r\nConnection: close\r\n\r\n"+string(exempleBody(t)))
	if !strings.HasPrefix(closing, "HTTP/1.1 201 ") {
		t.Fatalf("close: %.300s", closing)
	}
	ctx := context.Background()
	revoked, err := reg.Revoquer(ctx, "CISP-2022-02-2022-001-CERT", registre.Request{ID: "x", Motif: "Fraude <constatée> & « avouée »"})
	if err != nil {
		t.Fatal(err)
	}
	docs, err := reg.Liste(ctx, registre.Filter{Tous: true})
	if err != nil {
		t.Fatal(err)
	}
	var genuine, attestation string
	for _, d := range docs {
		switch {
		case d.Revoque():
		case d.Nature == "parchemin" && genuine == "":
			genuine = d.CodeAffiche()
		case d.Nature != "parchemin" && attestation == "":
			attestation = d.CodeAffiche()
		}
	}
	if genuine == "" || attestation == "" {
		t.Fatalf("no genuine parchemin and attestation among %d entries", len(docs))
	}
	// ask sends head (the request line and headers but Host), then body.
	ask := func(addr, head string, body ...string) {
		out.WriteString("=== " + strings.SplitN(head, "\r\n", 2)[0] + "\n")
		out.WriteString(wire(t, addr, head+"Host: x\r\nConnection: close\r\n\r\n"+strings.Join(body, "")) + "\n")
	}
	for _, head := range []string{
		"GET /verifier/" + genuine + " HTTP/1.1\r\n",
		"GET /verifier/" + strings.ToLower(strings.ReplaceAll(attestation, "-", "")) + " HTTP/1.1\r\n",
		"HEAD /verifier/" + genuine + " HTTP/1.1\r\n",
		"GET /verifier/" + revoked.CodeAffiche() + " HTTP/1.1\r\n",
		"GET /verifier/AAAAA-AAAAA HTTP/1.1\r\n",
		"GET /verifier/" + strings.Repeat("x", 170) + " HTTP/1.1\r\n",
		"GET /verifier/" + genuine + " HTTP/1.1\r\nX-Request-Id: lb-1234.abc\r\n",
		"GET /verifier/" + genuine + " HTTP/1.1\r\nX-Request-Id: <script>\r\n",
		"GET /verifier?code=+" + genuine + " HTTP/1.1\r\n",
		"GET /verifier/ HTTP/1.1\r\n",
		"POST /verifier/" + genuine + " HTTP/1.1\r\nContent-Length: 0\r\n",
		"OPTIONS /verifier/" + genuine + " HTTP/1.1\r\n",
		"BREW /verifier/" + genuine + " HTTP/1.1\r\n",
		"GET /nulle-part HTTP/1.1\r\n",
		"GET /healthz HTTP/1.1\r\n",
	} {
		ask(addr, head)
	}
	ask(addr, "POST /api/v1/valider HTTP/1.1\r\nOrigin: https://ailleurs.exemple\r\nContent-Length: 2\r\n", "{}")
	metrics := wire(t, addr, "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	out.WriteString("=== metrics\n")
	for _, l := range strings.Split(metrics, "\n") {
		if strings.HasPrefix(l, "certidoc_http_requests_total") || strings.HasPrefix(l, "certidoc_http_response_size_bytes_sum") ||
			strings.HasPrefix(l, "certidoc_http_request_size_bytes_sum") || strings.HasPrefix(l, "certidoc_http_request_duration_seconds_count") {
			out.WriteString(l + "\n")
		}
	}

	// A client over its limit, a registre that does not answer, a service
	// with neither registre nor keys.
	limited, _ := newWireServer(t, &registre.Config{Dir: t.TempDir()}, &logs, func(c *Config) { c.VerifierRate, c.VerifierBurst = 0.001, 1 })
	addr = serveWire(t, limited)
	ask(addr, "GET /verifier/AAAAA-AAAAA HTTP/1.1\r\n")
	ask(addr, "GET /verifier/AAAAA-AAAAB HTTP/1.1\r\n")
	closed, reg2 := newWireServer(t, &registre.Config{Dir: t.TempDir()}, &logs, nil)
	reg2.Close() // before serving: the gauge's first count fails, logged before any request
	addr = serveWire(t, closed)
	ask(addr, "GET /verifier/AAAAA-AAAAA HTTP/1.1\r\n")
	bare, _ := newWireServer(t, nil, &logs, nil)
	addr = serveWire(t, bare)
	ask(addr, "GET /verifier/AAAAA-AAAAA HTTP/1.1\r\n")

	for i, l := range logs {
		fmt.Fprintf(&out, "=== log of service %d\n", i+1)
		if err := l.closer.Close(); err != nil { // writes the lines waiting
			t.Fatal(err)
		}
		for _, line := range strings.Split(strings.TrimSpace(l.b.String()), "\n") {
			if strings.Contains(line, `"msg":"request"`) || strings.Contains(line, `"level":"WARN"`) || strings.Contains(line, `"level":"ERROR"`) {
				out.WriteString(line + "\n")
			}
		}
	}
	got := normalizeWire(t, out.String())
	// The registre draws its codes at random.
	got = strings.NewReplacer(genuine, "(parchemin)", attestation, "(attestation)", revoked.CodeAffiche(), "(revoque)",
		strings.ToLower(strings.ReplaceAll(attestation, "-", "")), "(attestation en minuscules)").Replace(got)
	golden := "testdata/answers.golden"
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Fatalf("answers differ from %s at %s", golden, testtool.FirstDifference(string(want), got))
	}
}

// wireLog is the log of one service.
type wireLog struct {
	b      syncBuffer
	closer io.Closer
}

// newWireServer is a service on a registre of its own, logging as the
// service does (NewLogger) into a log it adds to logs; without cfg, a
// service with no registre.
func newWireServer(t *testing.T, cfg *registre.Config, logs *[]*wireLog, edit func(*Config)) (*Server, *registre.Registre) {
	t.Helper()
	ref, err := referentiel.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	c := DefaultConfig()
	c.URLPublique = "https://certidoc.exemple.fr"
	var reg *registre.Registre
	if cfg != nil {
		if reg, err = registre.Open(context.Background(), *cfg, fixedNow); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { reg.Close() })
		c.Registre = reg
	}
	if edit != nil {
		edit(&c)
	}
	l := &wireLog{}
	log, closer := NewLogger(&l.b, slog.LevelInfo)
	l.closer = closer
	t.Cleanup(func() { closer.Close() })
	*logs = append(*logs, l)
	return New(c, ref, log, fixedNow), reg
}

// serveWire runs s on a loopback port until the test ends, and returns
// the port's address.
func serveWire(t *testing.T, s *Server) string {
	t.Helper()
	return strings.TrimPrefix(serveTest(t, s), "http://")
}

// wire sends req as it is on a new connection and returns every byte
// answered until the service closes it.
func wire(t *testing.T, addr, req string) string {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(conn, req); err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(bufio.NewReader(conn))
	if err != nil {
		t.Fatalf("%q: %v", req, err)
	}
	return string(b)
}

var (
	reWireDate    = regexp.MustCompile(`(?m)^Date: [A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT\r$`)
	reWireID      = regexp.MustCompile(`\b[0-9a-f]{24}\b`)
	reLogTime     = regexp.MustCompile(`"time":"[^"]+"`)
	reLogDuration = regexp.MustCompile(`"duration_us":\d+`)
	reLogMetrics  = regexp.MustCompile(`("route":"/metrics","status":200,"bytes":)\d+`)
)

// normalizeWire replaces what varies from run to run: the Date, a
// request id the service made (24 hexadecimal digits), the log's times
// and durations. Each id must be new.
func normalizeWire(t *testing.T, s string) string {
	t.Helper()
	s = reWireDate.ReplaceAllString(s, "Date: (date)\r")
	seen := map[string]bool{}
	for _, l := range strings.Split(s, "\n") {
		if id, ok := strings.CutPrefix(l, "X-Request-Id: "); ok && reWireID.MatchString(id) {
			if seen[id] {
				t.Errorf("request id %s answered twice", id)
			}
			seen[id] = true
		}
	}
	s = reWireID.ReplaceAllString(s, "(id)")
	s = reLogTime.ReplaceAllString(s, `"time":"(time)"`)
	s = reLogMetrics.ReplaceAllString(s, "${1}(n)")
	return reLogDuration.ReplaceAllString(s, `"duration_us":(us)`)
}
