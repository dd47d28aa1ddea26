package session

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"certidoc/fr"
)

// checkBounded checks what any report must keep, whatever the session: at
// most MaxProblemes problems listed, then one line counting the others;
// no message longer than a few hundred characters (a value is quoted by
// an excerpt); a JSON answer of a few hundred kilobytes.
func checkBounded(t *testing.T, rep *Report, wantAtLeast int) {
	t.Helper()
	if got := rep.Total(); got < wantAtLeast {
		t.Errorf("%d problems found, want at least %d", got, wantAtLeast)
	}
	if len(rep.Problemes) > MaxProblemes+1 {
		t.Errorf("%d problems listed, want at most %d and a line counting the others", len(rep.Problemes), MaxProblemes)
	}
	if listed, omis := rep.Listed(); omis > 0 {
		last := rep.Problemes[len(rep.Problemes)-1]
		if len(listed) != MaxProblemes || last.Chemin != CheminSuite || !strings.Contains(last.Message, "… et "+fr.Entier(omis)+" autres problèmes") {
			t.Errorf("%d listed, last line %q, want %d listed and « … et %d autres problèmes »", len(listed), last, MaxProblemes, omis)
		}
	}
	for _, p := range rep.Problemes {
		if n := utf8.RuneCountInString(p.Chemin) + utf8.RuneCountInString(p.Message); n > 400 {
			t.Fatalf("a problem of %d characters: %.200s…", n, p)
		}
	}
	if out, _ := json.Marshal(rep); len(out) > 300<<10 {
		t.Errorf("the report is %d bytes of JSON", len(out))
	}
	if n := len(rep.Error()); n > 300<<10 {
		t.Errorf("the report's text is %d bytes", n)
	}
}

// A session with a long wrong value in every candidate (one string shared
// by 1,200 candidates, as a workbook's shared string is): the report is
// bounded, the values quoted by an excerpt.
func TestReportBoundedLongValues(t *testing.T) {
	r := ref(t)
	s, _, err := Parse(exemple(t), r, font)
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("x", 40_000)
	model := s.Candidats[0]
	s.Candidats = s.Candidats[:0]
	for i := range 1200 {
		c := model
		c.Numero = fmt.Sprintf("N-%04d", i)
		c.Civilite, c.Sexe, c.Voie = Civilite(long), Sexe(long), Voie(long)
		s.Candidats = append(s.Candidats, c)
	}
	s.Session.Deliberation.Lieu = long
	rep := Validate(s, r, font)
	checkBounded(t, rep, 3*1200)

	// A value within its field's length, but not one the field takes, is
	// quoted by its first 60 characters.
	s.Candidats = s.Candidats[:1]
	s.Candidats[0].Civilite, s.Candidats[0].Sexe, s.Candidats[0].Voie = Civilite(strings.Repeat("y", 150)), "F", model.Voie
	s.Session.Deliberation.Lieu = "Lyon"
	s.Planning = nil // it convenes the example's candidates
	rep = Validate(s, r, font)
	want := "civilité «\u00a0" + strings.Repeat("y", 60) + "…\u00a0» inconnue"
	if len(rep.Problemes) != 1 || !strings.Contains(rep.Problemes[0].Message, want) {
		t.Errorf("got %v, want one problem quoting %q", rep.Problemes, want)
	}
}

// A JSON session with thousands of unknown fields, each named by a long
// key: the report is bounded, the paths too.
func TestReportBoundedUnknownFields(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"session": {`)
	for i := range 3000 {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `"%s%d": 1`, strings.Repeat("k", 5000), i)
	}
	b.WriteString(`}}`)
	_, _, err := Parse([]byte(b.String()), ref(t), font)
	rep, ok := err.(*Report)
	if !ok {
		t.Fatalf("got %v, want a *Report", err)
	}
	checkBounded(t, rep, 3000)
}
