package registre

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"

	"certidoc/generator"
	"certidoc/internal/testtool"
	"certidoc/session"
)

// Snapshots already in a registre keep loading, and the same content gives
// the same bytes, hence the same empreinte: closing it again answers "already
// closed", not a conflict. The files are snapshots as certidoc wrote them
// before its dates became parsed values; instantane-dates.json has the
// optional dates (date_delivrance, debut_formation) that an empty value
// leaves out.
func TestSnapshotBytesStable(t *testing.T) {
	r := ref(t)
	for _, name := range []string{"instantane-exemple.json", "instantane-dates.json"} {
		t.Run(name, func(t *testing.T) {
			want, err := os.ReadFile("testdata/" + name)
			if err != nil {
				t.Fatal(err)
			}
			want = bytes.TrimSuffix(want, []byte("\n"))
			c := &Closing{Session: "CISP-2022-02", Version: 1, Contenu: want}
			s, _, err := c.Snapshot(r)
			if err != nil {
				t.Fatalf("Snapshot: %v", err)
			}
			if rep := session.Validate(s, r, generator.Font()); len(rep.Problemes) > 0 {
				t.Fatalf("the snapshot no longer validates: %v", rep.Problemes)
			}
			got, err := json.Marshal(s)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				i := 0
				for i < len(got) && i < len(want) && got[i] == want[i] {
					i++
				}
				t.Errorf("snapshot bytes differ from byte %d:\n got …%s\nwant …%s", i, excerpt(got, i), excerpt(want, i))
			}
		})
	}
	// The example session, as certidoc writes it today, gives the same
	// bytes again once read back from the registre.
	data, err := os.ReadFile("../testdata/session-exemple.json")
	if err != nil {
		t.Fatal(err)
	}
	s, _, err := session.Parse(data, r, generator.Font())
	if err != nil {
		t.Fatal(err)
	}
	first, _ := json.Marshal(s)
	c := &Closing{Session: s.Session.Identifiant, Version: 1, Contenu: first}
	again, _, err := c.Snapshot(r)
	if err != nil {
		t.Fatal(err)
	}
	if second, _ := json.Marshal(again); !bytes.Equal(first, second) {
		t.Errorf("the example session's snapshot changes when read back:\n%s", testtool.FirstDifference(string(first), string(second)))
	}
}

// The référentiel's version on record in a registre is a hash of its JSON
// form: the same embedded référentiel must keep its version.
func TestReferentielVersionStable(t *testing.T) {
	if got, want := ReferentielVersion(ref(t)), "7a75b1a6f43c"; got != want {
		t.Errorf("ReferentielVersion: got %s, want %s (a code change altered the référentiel's JSON form; a change of the référentiel itself updates want)", got, want)
	}
}

func excerpt(b []byte, i int) string {
	return string(b[max(0, i-40):min(len(b), i+60)])
}
