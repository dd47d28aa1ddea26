package api

import (
	"encoding/json"
	"io"
	"net/http/httptest"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// Every route of the route table under /api is in the OpenAPI description,
// and nothing else.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	s := newTestServer(t, io.Discard)
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/openapi.json", nil))
	var spec struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &spec); err != nil || !strings.HasPrefix(spec.OpenAPI, "3.1") {
		t.Fatalf("openapi.json: %v %q", err, spec.OpenAPI)
	}
	var described, routed []string
	for path, ops := range spec.Paths {
		for method := range ops {
			described = append(described, strings.ToUpper(method)+" "+path)
		}
	}
	param := regexp.MustCompile(`:(\w+)`)
	for _, r := range s.echo.Routes() {
		if strings.HasPrefix(r.Path, "/api/") && r.Method != "echo_route_any" && r.Method != "HEAD" {
			routed = append(routed, r.Method+" "+param.ReplaceAllString(r.Path, "{$1}"))
		}
	}
	sort.Strings(described)
	sort.Strings(routed)
	if strings.Join(described, "\n") != strings.Join(routed, "\n") {
		t.Errorf("described:\n%s\n\nrouted:\n%s", strings.Join(described, "\n"), strings.Join(routed, "\n"))
	}
}
