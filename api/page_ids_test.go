package api

import (
	"io"
	"net/http/httptest"
	"regexp"
	"testing"
)

// Every id of the page is its own: the scripts find elements by id, and a
// second element with the id of another section's hint made one section
// hide the other's.
func TestPageIDsUnique(t *testing.T) {
	for name, s := range map[string]*Server{"one certification": newTestServer(t, io.Discard), "several": newMultiServer(t)} {
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
		seen := map[string]int{}
		for _, m := range regexp.MustCompile(`\sid="([^"]+)"`).FindAllStringSubmatch(rec.Body.String(), -1) {
			seen[m[1]]++
		}
		if len(seen) < 20 {
			t.Fatalf("%s: %d ids on the page: %.300s", name, len(seen), rec.Body)
		}
		for id, n := range seen {
			if n > 1 {
				t.Errorf("%s: id %q on %d elements", name, id, n)
			}
		}
	}
}
