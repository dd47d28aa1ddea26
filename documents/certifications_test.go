package documents

import (
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"certidoc/referentiel"
	"certidoc/session"
)

// fictitious are the example sessions of the fictitious référentiels of
// testdata/referentiels: one marked (RNCP99901), one with levels and a
// part_minimale rule (RNCP99902).
var fictitious = []struct{ referentiel, session string }{
	{"rncp99901.yaml", "session-rncp99901.json"},
	{"rncp99902.yaml", "session-rncp99902.json"},
}

func fictitiousExample(t *testing.T, i int) (*referentiel.Referentiel, *session.Session, *session.Resultats) {
	t.Helper()
	r, err := referentiel.LoadFile("../testdata/referentiels/" + fictitious[i].referentiel)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("../testdata/" + fictitious[i].session)
	if err != nil {
		t.Fatal(err)
	}
	s, _, err := session.Parse(data, r, font)
	if err != nil {
		t.Fatal(err)
	}
	return r, s, session.Deliberer(r, s)
}

// The documents of the fictitious examples, their blank grids and a
// préparatoire of each (the last decision taken away) keep French
// typography, as the CISP's do (TestTypography).
func TestTypographyFictitious(t *testing.T) {
	for i, f := range fictitious {
		t.Run(f.session, func(t *testing.T) {
			r, s, d := fictitiousExample(t, i)
			var docs []Document
			for e := range Dossier(r, s, d, nil, nil, nil) {
				if e.File == nil {
					docs = append(docs, e.Doc)
				}
			}
			blank, err := Grilles(r, "")
			if err != nil {
				t.Fatal(err)
			}
			docs = append(docs, blank...)
			last := &s.Candidats[len(s.Candidats)-2]
			for k := range last.Decisions {
				last.Decisions[k].Decision = ""
			}
			prep := session.Deliberer(r, s)
			if !prep.Preparatoire {
				t.Fatal("no préparatoire")
			}
			docs = append(docs, PV(r, s, prep, nil))
			for _, doc := range docs {
				var all []string
				texts(reflect.ValueOf(doc), &all)
				for _, txt := range all {
					if !utf8.ValidString(txt) {
						continue
					}
					for _, f := range typoFaults(txt) {
						t.Errorf("%s: %q", doc.Name, f)
					}
					if strings.Contains(txt, "«\u00a0\u00a0»") {
						t.Errorf("%s: an empty quotation in %q", doc.Name, txt)
					}
				}
			}
		})
	}
}
