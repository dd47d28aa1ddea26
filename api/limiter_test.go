package api

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"runtime"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"certidoc/registre"
)

// lookup asks for the page of a code that does not exist from the remote
// address, with the header pairs given.
func lookup(t *testing.T, h http.Handler, remote string, header ...string) answer {
	t.Helper()
	req := httptest.NewRequest("GET", "/verifier/AAAAA-AAAAA", nil)
	req.RemoteAddr = remote
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Add(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return answer{rec.Code, rec.Header(), rec.Body.Bytes()}
}

// The lookup limit counts clients, not addresses: the addresses of one
// IPv6 /64 (what one host, or one home, gets) share a bucket, an IPv4
// address written as IPv6 is that IPv4 address, and another /64 is
// another client.
func TestLookupLimitKeysClients(t *testing.T) {
	for _, c := range []struct {
		name     string
		remotes  func(i int) string
		other    string // another client, not limited
		limited  bool
		wantNote string
	}{
		{"addresses of one IPv6 /64", func(i int) string { return fmt.Sprintf("[2001:db8:1:2::%x]:4%03d", i+1, i) }, "[2001:db8:1:3::1]:4000", true, "one /64 is one client"},
		{"an IPv4 address, plain and mapped", func(i int) string {
			if i%2 == 0 {
				return "192.0.2.7:1234"
			}
			return "[::ffff:192.0.2.7]:1234"
		}, "192.0.2.8:1234", true, "::ffff:192.0.2.7 is 192.0.2.7"},
		{"IPv4 addresses of one /24", func(i int) string { return fmt.Sprintf("198.51.100.%d:1234", i+1) }, "", false, "IPv4 addresses are clients each"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, _ := newRegistreServer(t, registre.Config{Dir: t.TempDir()}, io.Discard, func(c *Config) { c.VerifierRate, c.VerifierBurst = 1, 5 })
			h := s.Handler()
			statuses := map[int]int{}
			for i := range 12 {
				statuses[lookup(t, h, c.remotes(i)).status]++
			}
			if got := statuses[429] >= 5; got != c.limited {
				t.Errorf("12 lookups: %v; limited %v, want %v (%s)", statuses, got, c.limited, c.wantNote)
			}
			if c.other != "" {
				if a := lookup(t, h, c.other); a.status != 404 {
					t.Errorf("another client %s: %d, want 404", c.other, a.status)
				}
			}
		})
	}
}

// The limiter's table is bounded: lookups from 150,000 source addresses
// (one host can have that many on loopback, an IPv6 /48 far more) leave a
// few megabytes, not one entry each.
func TestLookupLimitMemoryBounded(t *testing.T) {
	s, _ := newRegistreServer(t, registre.Config{Dir: t.TempDir()}, io.Discard, func(c *Config) { c.VerifierCeiling = 1e9 })
	mw := s.limitLookups()(func(echo.Context) error { return nil })
	e := echo.New()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/verifier/AAAAA-AAAAA", nil)
	for i := range 150_000 {
		req.RemoteAddr = fmt.Sprintf("10.%d.%d.%d:1234", i>>16, (i>>8)&255, i&255)
		if err := mw(e.NewContext(req, rec)); err != nil {
			t.Fatalf("lookup %d: %v", i, err)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	grown := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	runtime.KeepAlive(mw)
	if grown > 16<<20 {
		t.Errorf("after 150,000 clients the heap grew by %d MB, want a bounded table (16 MB at most)", grown>>20)
	}
	t.Logf("after 150,000 clients the heap grew by %.1f MB", float64(grown)/(1<<20))
}

// A ceiling holds for all clients together: many addresses, each within
// its own limit, get 503 with Retry-After beyond VerifierCeiling lookups a
// second.
func TestLookupCeiling(t *testing.T) {
	s, _ := newRegistreServer(t, registre.Config{Dir: t.TempDir()}, io.Discard, func(c *Config) { c.VerifierCeiling = 5 })
	h := s.Handler()
	statuses := map[int]int{}
	var refused answer
	for i := range 40 {
		a := lookup(t, h, fmt.Sprintf("203.0.113.%d:1234", i+1))
		statuses[a.status]++
		if a.status == 503 {
			refused = a
		}
	}
	if statuses[404] > 6 || statuses[503] < 30 {
		t.Fatalf("40 clients at once, a ceiling of 5 a second: %v, want 5 answers then 503", statuses)
	}
	if refused.header.Get("Retry-After") == "" || !strings.Contains(string(refused.body), "vérifications") {
		t.Errorf("beyond the ceiling: Retry-After %q, %s", refused.header.Get("Retry-After"), refused.body)
	}
}

// Behind a trusted proxy, the client is the right-most address of
// X-Forwarded-For that is not a trusted proxy: clients behind one proxy
// get a bucket each, and what a client writes in the header itself (left
// of what the proxies add) changes nothing. From any other address, the
// header is ignored.
func TestLookupLimitBehindProxy(t *testing.T) {
	proxies, err := ParseProxies("10.0.0.0/8, 2001:db8:ffff::/48")
	if err != nil {
		t.Fatal(err)
	}
	s, _ := newRegistreServer(t, registre.Config{Dir: t.TempDir()}, io.Discard, func(c *Config) {
		c.VerifierRate, c.VerifierBurst, c.TrustedProxies = 1, 5, proxies
	})
	h := s.Handler()
	exhaust := func(remote string, header func(i int) []string) map[int]int {
		statuses := map[int]int{}
		for i := range 12 {
			statuses[lookup(t, h, remote, header(i)...).status]++
		}
		return statuses
	}
	// One client, whatever it forges on the left, through two proxies.
	if st := exhaust("10.0.0.5:443", func(i int) []string {
		return []string{"X-Forwarded-For", fmt.Sprintf("198.51.100.%d, 203.0.113.7", i+1), "X-Forwarded-For", "10.1.1.1"}
	}); st[429] < 5 {
		t.Errorf("one client forging its left-hand addresses: %v, want it limited", st)
	}
	for _, c := range []struct {
		name, remote string
		header       []string
		want         int
	}{
		{"another client behind the proxy", "10.0.0.5:443", []string{"X-Forwarded-For", "203.0.113.8"}, 404},
		{"the limited client again", "10.0.0.5:443", []string{"X-Forwarded-For", "203.0.113.7"}, 429},
		{"the limited client through an IPv6 proxy", "[2001:db8:ffff::1]:443", []string{"X-Forwarded-For", "203.0.113.7"}, 429},
		{"the limited client with a port", "10.0.0.5:443", []string{"X-Forwarded-For", "203.0.113.7:51000"}, 429},
	} {
		if a := lookup(t, h, c.remote, c.header...); a.status != c.want {
			t.Errorf("%s: %d, want %d", c.name, a.status, c.want)
		}
	}
	// Not from a trusted proxy: the header is the client's own words.
	if st := exhaust("192.0.2.50:1234", func(i int) []string {
		return []string{"X-Forwarded-For", fmt.Sprintf("198.51.100.%d", i+1)}
	}); st[429] < 5 {
		t.Errorf("a client sending X-Forwarded-For directly: %v, want it limited by its own address", st)
	}
}

func TestParseProxies(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
		bad  []string
	}{
		{"", nil, nil},
		{"10.0.0.0/8", []string{"10.0.0.0/8"}, nil},
		{" 10.1.2.3/8 , 2001:db8::/32,192.0.2.10, ::1", []string{"10.0.0.0/8", "2001:db8::/32", "192.0.2.10/32", "::1/128"}, nil},
		{"10.0.0.0/8,proxy.interne,10.0.0.0/33", []string{"10.0.0.0/8"}, []string{"«\u00a0proxy.interne\u00a0»", "«\u00a010.0.0.0/33\u00a0»"}},
	} {
		got, err := ParseProxies(c.in)
		var gotS []string
		for _, p := range got {
			gotS = append(gotS, p.String())
		}
		if fmt.Sprint(gotS) != fmt.Sprint(c.want) {
			t.Errorf("%q: %v, want %v", c.in, gotS, c.want)
		}
		if (err != nil) != (len(c.bad) > 0) {
			t.Errorf("%q: error %v", c.in, err)
		}
		for _, b := range c.bad {
			if err == nil || !strings.Contains(err.Error(), b) || !strings.Contains(err.Error(), "--proxy-de-confiance") {
				t.Errorf("%q: the error does not name %s and the flag: %v", c.in, b, err)
			}
		}
	}
}

// When the table is full, the client unseen for longest is forgotten; a
// client seen since stays, its bucket as it was.
func TestLookupLimiterForgetsOldest(t *testing.T) {
	l := newLookupLimiter(0.001, 1, 1e9, nil, 3)
	a, b, c, d := netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("192.0.2.2"), netip.MustParseAddr("192.0.2.3"), netip.MustParseAddr("192.0.2.4")
	for _, x := range []netip.Addr{a, b, c} {
		if !l.allowClient(x) {
			t.Fatalf("first lookup of %s refused", x)
		}
	}
	if l.allowClient(a) { // a is now the newest, b the oldest
		t.Fatal("a second lookup of a allowed (burst 1)")
	}
	if !l.allowClient(d) { // forgets b
		t.Fatal("a new client refused")
	}
	for _, x := range []struct {
		client netip.Addr
		want   bool
	}{{a, false}, {c, false}, {d, false}, {b, true}} {
		if got := l.allowClient(x.client); got != x.want {
			t.Errorf("%s: allowed %v, want %v", x.client, got, x.want)
		}
	}
	if len(l.clients) != 3 || len(l.buckets) != 3 {
		t.Errorf("%d clients, %d buckets, want 3", len(l.clients), len(l.buckets))
	}
}
