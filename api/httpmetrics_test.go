package api

import (
	"io"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// TestHTTPMetrics: the service's request metrics keep echoprometheus's
// families, help texts and labels; a route counts under its pattern, an
// unknown path or method under fixed words, /metrics not at all.
func TestHTTPMetrics(t *testing.T) {
	h := newTestServer(t, io.Discard).Handler()
	health := httptest.NewRecorder()
	h.ServeHTTP(health, httptest.NewRequest("GET", "/healthz", nil))
	for _, r := range []struct{ method, target string }{
		{"GET", "/healthz"}, {"GET", "/nulle-part"}, {"BREW", "/healthz"}, {"GET", "/metrics"},
	} {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(r.method, r.target, nil))
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body := rec.Body.String()
	ok := `{code="200",host="-",method="GET",url="/healthz"}`
	for _, want := range []string{
		"# HELP certidoc_http_requests_total How many HTTP requests processed, partitioned by status code and HTTP method.",
		"# HELP certidoc_http_request_duration_seconds The HTTP request latencies in seconds.",
		"# HELP certidoc_http_request_size_bytes The HTTP request sizes in bytes.",
		"# HELP certidoc_http_response_size_bytes The HTTP response sizes in bytes.",
		"certidoc_http_requests_total" + ok + " 2",
		"certidoc_http_request_duration_seconds_count" + ok + " 2",
		`certidoc_http_request_duration_seconds_bucket{code="200",host="-",method="GET",url="/healthz",le="10"} 2`,
		"certidoc_http_request_size_bytes_count" + ok + " 2",
		`certidoc_http_response_size_bytes_bucket{code="200",host="-",method="GET",url="/healthz",le="1024"} 2`,
		"certidoc_http_response_size_bytes_sum" + ok + " " + strconv.Itoa(2*health.Body.Len()),
		`certidoc_http_requests_total{code="404",host="-",method="GET",url="(aucune)"} 1`,
		`method="autre"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	for _, never := range []string{`url="/metrics"`, "BREW", "nulle-part"} {
		if strings.Contains(body, never) {
			t.Errorf("metrics show %s", never)
		}
	}
}
