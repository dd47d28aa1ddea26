package documents

import (
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"certidoc/referentiel"
	"certidoc/session"
)

// texts collects every string of a document, wherever it sits in its blocks.
func texts(v reflect.Value, out *[]string) {
	switch v.Kind() {
	case reflect.String:
		*out = append(*out, v.String())
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			texts(v.Elem(), out)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				texts(v.Field(i), out)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			texts(v.Index(i), out)
		}
	}
}

// typoFaults lists the French typography faults of a text: a ";", "!" or
// "?" not preceded by U+202F, a ":" not preceded by U+00A0 (or ending a
// time such as 14:30), a "«" not followed or "»" not preceded by U+00A0.
func typoFaults(s string) []string {
	var out []string
	r := []rune(s)
	for i, c := range r {
		var prev, next rune
		if i > 0 {
			prev = r[i-1]
		}
		if i+1 < len(r) {
			next = r[i+1]
		}
		ctx := string(r[max(0, i-12):min(len(r), i+8)])
		switch c {
		case ';', '!', '?':
			if prev != '\u202f' {
				out = append(out, ctx)
			}
		case ':':
			digits := prev >= '0' && prev <= '9' && next >= '0' && next <= '9'
			if prev != '\u00a0' && !digits && !strings.HasPrefix(string(r[i:]), "://") {
				out = append(out, ctx)
			}
		case '«':
			if next != '\u00a0' {
				out = append(out, ctx)
			}
		case '»':
			if prev != '\u00a0' {
				out = append(out, ctx)
			}
		}
	}
	return out
}

// Every ";", "!", "?", ":" and « » that the documents of the example
// dossier and of a préparatoire print, and the papers before the jury, has its no-break space before (the
// example's own free texts are typed the same way).
func TestTypography(t *testing.T) {
	if got := typoFaults("A : 3 ; B\u00a0: 3\u202f; « x »"); len(got) != 4 {
		t.Fatalf("the check itself: %q", got)
	}
	for _, edit := range []func(string) string{nil, undecideLast} {
		r, s, d := exemple(t, edit)
		papers := func(yield func(Entry) bool) {
			for e := range Dossier(r, s, d, nil, nil, nil) {
				if !yield(e) {
					return
				}
			}
			for e := range AvantSession(r, s, nil, s.Planning.DateConvocation, nil) {
				if !yield(e) {
					return
				}
			}
		}
		for e := range papers {
			if e.File != nil {
				continue
			}
			var all []string
			texts(reflect.ValueOf(e.Doc), &all)
			for _, txt := range all {
				if !utf8.ValidString(txt) {
					continue
				}
				for _, f := range typoFaults(txt) {
					t.Errorf("%s/%s: %q", e.Dir, e.Doc.Name, f)
				}
			}
		}
	}
}

// Counts agree in gender and number: the example's only absent candidate
// is a woman, 2022-006 validated one bloc, 2022-003 three.
func TestAgreement(t *testing.T) {
	r, s, d := exemple(t, nil)
	pv := docText(PV(r, s, d, nil))
	for _, want := range []string{"1 absente", "6 présents", "7 inscrits"} {
		if !strings.Contains(pv, want) {
			t.Errorf("PV lacks %q", want)
		}
	}
	for _, c := range []struct{ num, want, not string }{
		{"2022-006", "le bloc E lors de cette session\u202f; une attestation de validation vous est remise pour ce bloc.", "chacun d’eux"},
		{"2022-003", "pour chacun d’eux", "pour ce bloc"},
		// the blocs acquired before come from one session: it is named
		{"2022-002", "Pour rappel, vous aviez validé lors de la session CISP-2022-01 les blocs A, B et C, qui vous restent acquis.", "sessions antérieures"},
	} {
		letter := docText(Notification(r, s, candidate(t, d, c.num), nil))
		if !strings.Contains(letter, c.want) || strings.Contains(letter, c.not) {
			t.Errorf("letter of %s: want %q and not %q", c.num, c.want, c.not)
		}
	}
}

// sessionLongue loads testdata/session-longue.json: long names in several Latin
// alphabets, six-line addresses, motifs of 700 characters.
func sessionLongue(t *testing.T) (*referentiel.Referentiel, *session.Session, *session.Resultats) {
	t.Helper()
	r, err := referentiel.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("../testdata/session-longue.json")
	if err != nil {
		t.Fatal(err)
	}
	s, _, err := session.Parse(data, r, font)
	if err != nil {
		t.Fatal(err)
	}
	return r, s, session.Deliberer(r, s)
}

var (
	// a date written out with an ordinary space: a line may break inside
	reDateBreak = regexp.MustCompile(`\d{1,2}(?:\x{00a0}| )(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)(?:\x{00a0}| )\d{4}`)
	// a particle of a name in capitals followed by an ordinary space
	reParticle = regexp.MustCompile(`(?:^|[\s\-])(?:DE|DU|DES|LA|LE|VAN|VON|DER)\s[A-ZÀ-ÖØ-ÝĀ-ž]`)
)

// breakFaults lists where a line of a document may break where it must
// not: inside a date, after a particle of a name.
func breakFaults(s string) []string {
	var out []string
	for _, m := range reDateBreak.FindAllString(s, -1) {
		if strings.Contains(m, " ") {
			out = append(out, m)
		}
	}
	for _, m := range reParticle.FindAllString(s, -1) {
		if strings.ContainsAny(m[len(m)-2:], " ") || strings.Contains(strings.TrimLeft(m, " -\n"), " ") {
			out = append(out, m)
		}
	}
	return out
}

// No document of the example, the préparatoire or the long session lets a
// line break inside a date ("26 janvier / 2022") or after a particle ("DE"
// alone at a line's end), and each says its words as a reader would have
// them: completed grids "Candidat" or "Candidate" by the civility, the
// evaluators' names in capitals, a volume not called a duration, no page
// number on a parchemin.
func TestBreaksAndWording(t *testing.T) {
	if got := breakFaults("le 26 janvier 2022, KERGOAT DE VILLENEUVE, 3\u00a0mars\u00a02020, DE\u00a0LA\u00a0ROCHE"); len(got) != 2 {
		t.Fatalf("the check itself: %q", got)
	}
	type dossier struct {
		r *referentiel.Referentiel
		s *session.Session
		d *session.Resultats
	}
	var all []dossier
	for _, edit := range []func(string) string{nil, undecideLast} {
		r, s, d := exemple(t, edit)
		all = append(all, dossier{r, s, d})
	}
	r, s, d := sessionLongue(t)
	all = append(all, dossier{r, s, d})
	for _, x := range all {
		for e := range Dossier(x.r, x.s, x.d, nil, nil, nil) {
			if e.File != nil {
				continue
			}
			// what is printed (the file's metadata is not)
			txt := []string{e.Doc.Footer, e.Doc.RunningHead, e.Doc.Band}
			texts(reflect.ValueOf(e.Doc.Blocks), &txt)
			for _, s := range txt {
				for _, f := range breakFaults(s) {
					t.Errorf("%s/%s (%s): a line may break in %q", e.Dir, e.Doc.Name, x.s.Session.Identifiant, f)
				}
			}
			all := docText(e.Doc)
			switch e.Doc.Kind {
			case KindGrille:
				if e.Dir != "" && strings.Contains(all, "Candidat(e)") {
					t.Errorf("%s/%s: a completed grid says %q", e.Dir, e.Doc.Name, "Candidat(e)")
				}
				if strings.Contains(all, "Durée\n15 pages") {
					t.Errorf("%s/%s: a volume called a duration", e.Dir, e.Doc.Name)
				}
			case KindParchemin:
				if e.Doc.Pagination != "" {
					t.Errorf("%s/%s: a parchemin numbers its page", e.Dir, e.Doc.Name)
				}
			}
		}
	}
	r, s, d = exemple(t, nil)
	b, _ := r.Bloc("A")
	e, _ := b.Epreuve(2)
	for _, c := range []struct{ num, want string }{{"2022-001", "Candidate – nom et prénom\u00a0:"}, {"2022-004", "Candidat – nom et prénom\u00a0:"}} {
		g := docText(GrilleRemplie(r, b, e, candidate(t, d, c.num).Candidat))
		for _, want := range []string{c.want, "Claire FONTANEL", "Karim BENALI-DUFOUR"} {
			if !strings.Contains(g, want) {
				t.Errorf("the completed grid A-2 of %s lacks %q", c.num, want)
			}
		}
	}
	if g := docText(Grille(r, &r.Blocs[3], &r.Blocs[3].Epreuves[1])); !strings.Contains(g, "Volume\n15 pages") || !strings.Contains(g, "Candidat(e) – nom et prénom") {
		t.Errorf("the blank grid D-2 does not say «\u00a0Volume\u00a0: 15 pages\u00a0» nor leave «\u00a0Candidat(e)\u00a0»:\n%s", g)
	}
}

// nomEvaluateur writes the name in capitals, as the PV does; a name typed
// with its capitals is left as typed.
func TestNomEvaluateur(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Claire Fontanel", "Claire FONTANEL"},
		{"Karim Benali-Dufour", "Karim BENALI-DUFOUR"},
		{"Jean de La Fontaine", "Jean DE\u00a0LA\u00a0FONTAINE"},
		{"Marie Claire DUPONT", "Marie Claire DUPONT"},
		{"Fontanel", "FONTANEL"},
		{"  ", ""},
	} {
		if got := nomEvaluateur(c.in); got != c.want {
			t.Errorf("nomEvaluateur(%q): got %q, want %q", c.in, got, c.want)
		}
	}
}

// The planning and the attendance sheets name the evaluators as the grids
// and the PV do, the first name as typed and the name in capitals.
func TestNomEvaluateurAvantSession(t *testing.T) {
	r, s, _ := exemple(t, nil)
	var planning, emargements int
	for e := range AvantSession(r, s, nil, s.Planning.DateConvocation, nil) {
		if e.Doc.Kind != KindPlanning && e.Doc.Kind != KindEmargement {
			continue
		}
		var all []string
		texts(reflect.ValueOf(e.Doc), &all)
		txt := strings.Join(all, "\n")
		if strings.Contains(txt, "CLAIRE FONTANEL") {
			t.Errorf("%s/%s: an evaluator's first name in capitals", e.Dir, e.Doc.Name)
		}
		if strings.Contains(txt, "Claire FONTANEL") {
			if e.Doc.Kind == KindPlanning {
				planning++
			} else {
				emargements++
			}
		}
	}
	if planning != 1 || emargements == 0 {
		t.Errorf("Claire FONTANEL named on %d planning and %d attendance sheets; want 1 and some", planning, emargements)
	}
}
