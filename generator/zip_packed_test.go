package generator

import (
	"bytes"
	"context"
	"os"
	"testing"

	"certidoc/documents"
	"certidoc/referentiel"
	"certidoc/session"
)

// The dossier of a packed session (session.ParsePacked, what the service
// streams) has the bytes of the dossier of the session decoded.
func TestDossierPackedSameBytes(t *testing.T) {
	data, err := os.ReadFile("../testdata/session-exemple.json")
	if err != nil {
		t.Fatal(err)
	}
	r := embedded(t)
	dossier := func(parse func([]byte, *referentiel.Referentiel, session.Font) (*session.Session, *session.Report, error)) []byte {
		s, rep, err := parse(data, r, Font())
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		entries := documents.Dossier(r, s, session.Deliberer(r, s), rep.Avertissements, nil, nil)
		if err := Zip(context.Background(), &buf, entries, []Format{FormatPDF, FormatDOCX}, fixed, 0, nil); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	want, got := dossier(session.Parse), dossier(session.ParsePacked)
	if !bytes.Equal(got, want) {
		t.Errorf("the packed session's dossier differs: %d bytes, want %d", len(got), len(want))
	}
}
