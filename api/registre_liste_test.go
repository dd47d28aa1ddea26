package api

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"slices"
	"testing"

	"certidoc/registre"
)

// bigSessionBody is the example with its first candidate (5 attestations
// and a parchemin) copied n times: 6n entries.
func bigSessionBody(t *testing.T, n int) []byte {
	t.Helper()
	var sess map[string]any
	if err := json.Unmarshal(exempleBody(t), &sess); err != nil {
		t.Fatal(err)
	}
	first := sess["candidats"].([]any)[0].(map[string]any)
	var cands []any
	for i := range n {
		c := map[string]any{}
		for k, v := range first {
			c[k] = v
		}
		c["numero"] = fmt.Sprintf("2022-%04d", i+1)
		cands = append(cands, c)
	}
	sess["candidats"] = cands
	delete(sess, "planning") // it convenes the example's candidates by number
	body, _ := json.Marshal(sess)
	return body
}

// listing is the JSON answer of the registre's listing.
type listing struct {
	Documents []entryView `json:"documents"`
	Total     int         `json:"total"`
	Limite    int         `json:"limite"`
	Suivant   string      `json:"suivant"`
}

// TestRegistreListingPages: a session of 5,400 entries (a listing stopped
// at 5,000 without saying so) is listed by pages with the total and the
// next page's cursor, and its CSV has every row.
func TestRegistreListingPages(t *testing.T) {
	t.Parallel() // a server of its own, no measure of time or memory
	s, _ := newRegistreServer(t, registre.Config{Dir: t.TempDir()}, io.Discard, nil)
	h := s.Handler()
	if a := call(t, h, "POST", "/api/v1/registre/sessions", bigSessionBody(t, 900)); a.status != 201 {
		t.Fatalf("close: %d %.300s", a.status, a.body)
	}
	const want = 5400
	get := func(target string) listing {
		t.Helper()
		a := call(t, h, "GET", target, nil)
		var l listing
		if a.status != 200 || json.Unmarshal(a.body, &l) != nil {
			t.Fatalf("%s: %d %.300s", target, a.status, a.body)
		}
		return l
	}
	first := get("/api/v1/registre/documents")
	if len(first.Documents) != registre.LimiteDefaut || first.Total != want || first.Limite != registre.LimiteDefaut || first.Suivant == "" {
		t.Errorf("first page: %d documents, total %d, limite %d, suivant %q; want %d of %d and a cursor",
			len(first.Documents), first.Total, first.Limite, first.Suivant, registre.LimiteDefaut, want)
	}
	seen := map[string]bool{}
	next, pages := "", 0
	for {
		l := get("/api/v1/registre/documents?session=CISP-2022-02&limite=1000&apres=" + url.QueryEscape(next))
		pages++
		for _, d := range l.Documents {
			if seen[d.Code] {
				t.Errorf("%s twice", d.Numero)
			}
			seen[d.Code] = true
		}
		if l.Suivant == "" || pages > 10 {
			break
		}
		next = l.Suivant
	}
	if len(seen) != want || pages != 6 {
		t.Errorf("%d documents in %d pages, want %d in 6", len(seen), pages, want)
	}
	a := call(t, h, "GET", "/api/v1/registre/documents?format=csv", nil)
	rows, err := csv.NewReader(bytes.NewReader(a.body)).ReadAll()
	if a.status != 200 || err != nil || len(rows) != want+1 {
		t.Errorf("CSV: %d, %d rows (%v), want %d and a header", a.status, len(rows), err, want)
	}
	for _, bad := range []string{"limite=0", "limite=abc", "limite=1001", "limite=-5", "apres=pas-un-curseur"} {
		if a := call(t, h, "GET", "/api/v1/registre/documents?"+bad, nil); a.status != 400 {
			t.Errorf("?%s: %d %.200s, want 400", bad, a.status, a.body)
		}
	}
}

// TestOpenAPIListing: the OpenAPI description of the listing names the
// parameters the route reads, and the answer's fields are those its schema
// gives, the required ones on every page.
func TestOpenAPIListing(t *testing.T) {
	var spec struct {
		Paths map[string]map[string]struct {
			Parameters []struct {
				Name string `json:"name"`
			} `json:"parameters"`
			Responses map[string]struct {
				Content map[string]struct {
					Schema struct {
						Required   []string       `json:"required"`
						Properties map[string]any `json:"properties"`
					} `json:"schema"`
				} `json:"content"`
			} `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(openapi, &spec); err != nil {
		t.Fatal(err)
	}
	op := spec.Paths["/api/v1/registre/documents"]["get"]
	var params []string
	for _, p := range op.Parameters {
		params = append(params, p.Name)
	}
	slices.Sort(params)
	if want := []string{"apres", "certification", "format", "limite", "nom", "numero", "session", "tous"}; !slices.Equal(params, want) {
		t.Errorf("described parameters %v, want %v", params, want)
	}
	schema := op.Responses["200"].Content["application/json"].Schema

	s, _ := newRegistreServer(t, registre.Config{Dir: t.TempDir()}, io.Discard, nil)
	h := s.Handler()
	if a := call(t, h, "POST", "/api/v1/registre/sessions", exempleBody(t)); a.status != 201 {
		t.Fatalf("close: %d %.300s", a.status, a.body)
	}
	for _, target := range []string{"/api/v1/registre/documents?limite=5", "/api/v1/registre/documents"} {
		var answer map[string]any
		if a := call(t, h, "GET", target, nil); a.status != 200 || json.Unmarshal(a.body, &answer) != nil {
			t.Fatalf("%s: %d %.300s", target, a.status, a.body)
		}
		for k := range answer {
			if _, ok := schema.Properties[k]; !ok {
				t.Errorf("%s: field %q not in the schema", target, k)
			}
		}
		for _, k := range schema.Required {
			if _, ok := answer[k]; !ok {
				t.Errorf("%s: required field %q missing", target, k)
			}
		}
	}
}
