package classeur

import (
	"os"
	"reflect"
	"testing"

	"certidoc/generator"
)

// LoadSessionPacked reads the same session as LoadSession, from JSON and
// from a workbook, its candidates' evaluations packed.
func TestLoadSessionPacked(t *testing.T) {
	data, err := os.ReadFile("../testdata/session-exemple.json")
	if err != nil {
		t.Fatal(err)
	}
	for name, in := range map[string][]byte{"JSON": data, "workbook": workbook(t, exemple(t))} {
		t.Run(name, func(t *testing.T) {
			want, wantRep, err := LoadSession(in, ref(t), generator.Font(), DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			got, rep, err := LoadSessionPacked(in, ref(t), generator.Font(), DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(rep, wantRep) {
				t.Errorf("report %v, want %v", rep, wantRep)
			}
			for i := range got.Candidats {
				c := &got.Candidats[i]
				if c.Evaluations != nil {
					t.Errorf("candidate %d: evaluations not packed", i)
				}
				if u := c.Unpacked(); !reflect.DeepEqual(u.Evaluations, want.Candidats[i].Evaluations) || u.Numero != want.Candidats[i].Numero {
					t.Errorf("candidate %d reads back as %+v, want %+v", i, u, want.Candidats[i])
				}
			}
		})
	}
}
