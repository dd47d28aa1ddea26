package session

import (
	"fmt"
	"os"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"certidoc/fr"
	"certidoc/internal/testtool"
	"certidoc/referentiel"
)

// Packed evaluations read back as they were: every field, texts of any
// length and character, a date kept as typed, nil and empty slices apart.
func TestPackRoundTrip(t *testing.T) {
	data, err := os.ReadFile("../testdata/session-exemple.json")
	if err != nil {
		t.Fatal(err)
	}
	var exemple Session
	if err := decodeStrict(data, &exemple, false); err != nil {
		t.Fatal(err)
	}
	long := make([]byte, 70_000)
	for i := range long {
		long[i] = byte('a' + i%26)
	}
	cases := map[string][]Evaluation{
		"nil":   nil,
		"empty": {},
		"zero":  {{}},
		"odd values": {{Bloc: "Z", Epreuve: -3, Date: fr.DateText("le 3 mai"), Lieu: "Salle « B »\u00a0!",
			Evaluateurs: []Evaluateur{}, Criteres: []Critere{{Competence: "", Niveau: "PA", Commentaire: string(long)}, {Commentaire: "é\n😀"}},
			Appreciation: "\x00\xff"}},
	}
	for i := range exemple.Candidats {
		cases[exemple.Candidats[i].Numero] = exemple.Candidats[i].Evaluations
	}
	for name, evs := range cases {
		t.Run(name, func(t *testing.T) {
			got, err := unpackEvaluations(packEvaluations(evs))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, evs) {
				t.Errorf("got %+v, want %+v", got, evs)
			}
		})
	}
}

// ParsePacked finds what Parse finds — problems and warnings in the
// evaluations included, which a packed candidate no longer holds in its
// fields — and reads the same session and proposals.
func TestParsePackedAsParse(t *testing.T) {
	r := ref(t)
	crit := func(s map[string]any, i, ev, k int) map[string]any {
		evs := cand(s, i)["evaluations"].([]any)
		return evs[ev].(map[string]any)["criteres"].([]any)[k].(map[string]any)
	}
	for _, c := range []struct {
		name string
		doc  []byte
	}{
		{"example", exemple(t)},
		{"comment too long", edit(t, func(s map[string]any) {
			crit(s, 1, 0, 0)["commentaire"] = strings.Repeat("trop long ", 300)
		})},
		{"comment with a character the font lacks", edit(t, func(s map[string]any) {
			crit(s, 2, 1, 0)["commentaire"] = "Très bien 😀"
		})},
		{"unknown compétence and level", edit(t, func(s map[string]any) {
			crit(s, 0, 0, 1)["competence"] = "9.9"
			crit(s, 0, 1, 0)["niveau"] = "Z"
		})},
		{"no evaluator", edit(t, func(s map[string]any) {
			cand(s, 3)["evaluations"].([]any)[0].(map[string]any)["evaluateurs"] = []any{}
		})},
		{"an unknown field (the slow path)", edit(t, func(s map[string]any) {
			cand(s, 0)["age"] = 30
		})},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, rep, err := Parse(c.doc, r, font)
			ps, prep, perr := ParsePacked(c.doc, r, font)
			if !reflect.DeepEqual(err, perr) || !reflect.DeepEqual(rep, prep) {
				t.Fatalf("ParsePacked: %v %v, Parse: %v %v", prep, perr, rep, err)
			}
			if err != nil {
				return
			}
			for i := range ps.Candidats {
				if ps.Candidats[i].packed == nil && ps.Candidats[i].Evaluations != nil {
					t.Errorf("candidate %d not packed", i)
				}
				if got := ps.Candidats[i].Unpacked(); !reflect.DeepEqual(*got, s.Candidats[i]) {
					t.Errorf("candidate %d reads back as %+v, want %+v", i, got, s.Candidats[i])
				}
			}
			d, pd := Deliberer(r, s), Deliberer(r, ps)
			for i := range d.Candidats {
				if !reflect.DeepEqual(d.Candidats[i].Blocs, pd.Candidats[i].Blocs) || d.Candidats[i].Resultat != pd.Candidats[i].Resultat {
					t.Errorf("candidate %d deliberated %+v, want %+v", i, pd.Candidats[i], d.Candidats[i])
				}
			}
		})
	}
}

// A session kept while its dossier streams holds little per candidate once
// packed: the heap kept per candidate, measured between 100 and 500
// candidates (the example's, numbered apart: comments as evaluators write
// them, every candidate packed on its own).
func TestPackedSessionMemory(t *testing.T) {
	r := ref(t)
	doc := func(n int) []byte {
		return edit(t, func(s map[string]any) {
			model := s["candidats"].([]any)
			var cands []any
			for i := range n {
				c := map[string]any{}
				for k, v := range model[i%len(model)].(map[string]any) {
					c[k] = v
				}
				c["numero"] = fmt.Sprintf("M-%04d", i)
				cands = append(cands, c)
			}
			s["candidats"] = cands
			delete(s, "planning") // it convenes the example's numbers
		})
	}
	small, large := doc(100), doc(500)
	kept := func(parse func([]byte, *referentiel.Referentiel, Font) (*Session, *Report, error)) float64 {
		var live [2]int64
		for i, data := range [][]byte{small, large} {
			before := testtool.LiveHeap()
			s, _, err := parse(data, r, font)
			if err != nil {
				t.Fatal(err)
			}
			live[i] = int64(testtool.LiveHeap()) - int64(before)
			runtime.KeepAlive(s)
		}
		return float64(live[1]-live[0]) / 400
	}
	plain, packed := kept(Parse), kept(ParsePacked)
	t.Logf("kept per candidate: %.0f bytes decoded, %.0f packed", plain, packed)
	if packed > 2500 {
		t.Errorf("a packed session keeps %.0f bytes per candidate, want at most 2,500", packed)
	}
	if packed > plain/2 {
		t.Errorf("packed, a candidate keeps %.0f bytes, decoded %.0f: want less than half", packed, plain)
	}
}

// Any evaluation a user may write reads back from its packed form as it
// was, and bytes that pack did not write are refused, never a panic.
func FuzzPackRoundTrip(f *testing.F) {
	f.Add("B", 1, "2022-11-14", "Lyon", "Évaluatrice", "formateur", "2.1", "A", "Très bien\n", "", 2)
	f.Add("", -7, "le 3 mai", "", "", "", "", "", "", "\x00", 0)
	f.Fuzz(func(t *testing.T, bloc string, epreuve int, date, lieu, nom, role, comp, niveau, comment, appr string, n int) {
		n = min(max(n, 0), 70)
		ev := Evaluation{Bloc: bloc, Epreuve: epreuve, Date: fr.DateText(date), Lieu: lieu, Appreciation: appr,
			Evaluateurs: []Evaluateur{{Nom: nom, Role: role}}}
		for range n {
			ev.Criteres = append(ev.Criteres, Critere{Competence: comp, Niveau: referentiel.CodeNiveau(niveau), Commentaire: comment})
		}
		evs := []Evaluation{ev, {}}
		packed := packEvaluations(evs)
		got, err := unpackEvaluations(packed)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, evs) {
			t.Fatalf("got %+v, want %+v", got, evs)
		}
		for cut := range min(len(packed), 40) {
			unpackEvaluations(packed[:cut]) // an error, not a panic
		}
		unpackEvaluations([]byte(comment))
	})
}
