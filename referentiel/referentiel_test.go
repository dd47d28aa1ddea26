package referentiel

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

func embeddedT(t testing.TB) *Referentiel {
	t.Helper()
	r, err := Embedded()
	if err != nil {
		t.Fatalf("Embedded(): %v", err)
	}
	return r
}

func TestEmbeddedCounts(t *testing.T) {
	r := embeddedT(t)
	var activites, competences, epreuves int
	for _, b := range r.Blocs {
		activites += len(b.Activites)
		for _, a := range b.Activites {
			competences += len(a.Competences)
		}
		epreuves += len(b.Epreuves)
	}
	for _, c := range []struct {
		name      string
		got, want int
	}{
		{"blocs", len(r.Blocs), 5},
		{"activités", activites, 29},
		{"compétences", competences, 62},
		{"épreuves", epreuves, 10},
	} {
		if c.got != c.want {
			t.Errorf("%s: got %d, want %d", c.name, c.got, c.want)
		}
	}
}

func TestEmbeddedCertification(t *testing.T) {
	c := embeddedT(t).Certification
	if c.CodeRNCP != "RNCP36128" || c.Niveau != 5 || c.NiveauEuropeen != 5 || len(c.NSF) != 1 || c.NSF[0] != "332t" {
		t.Errorf("certification: got %+v", c)
	}
	if c.Intitule != "Coordinateur(trice) de parcours d’insertion sociale et professionnelle" {
		t.Errorf("intitulé: got %q", c.Intitule)
	}
}

// TestEmbeddedInvariants checks the structure independently of the loader's
// own validation: unique codes, every compétence in exactly one bloc and
// evaluated by at least one épreuve of its bloc, no empty text.
func TestEmbeddedInvariants(t *testing.T) {
	r := embeddedT(t)
	blocOf := map[string]string{}
	codes := map[string]bool{}
	for i, b := range r.Blocs {
		if want := "RNCP36128BC0" + string(rune('1'+i)); b.Code != want {
			t.Errorf("bloc %s code: got %s, want %s", b.Lettre, b.Code, want)
		}
		for _, code := range []string{b.Lettre, b.Code} {
			if codes[code] {
				t.Errorf("code %s twice", code)
			}
			codes[code] = true
		}
		evaluated := map[string]int{}
		for _, e := range b.Epreuves {
			for _, c := range e.Competences {
				evaluated[c]++
			}
			if len(e.Evaluateurs) == 0 || strings.TrimSpace(e.Type) == "" || len(e.Contenu) == 0 {
				t.Errorf("épreuve %s incomplete: %+v", b.EpreuveID(&e), e)
			}
		}
		for _, a := range b.Activites {
			if codes[a.Code] {
				t.Errorf("activité %s twice", a.Code)
			}
			codes[a.Code] = true
			if !strings.HasPrefix(a.Code, b.Lettre) {
				t.Errorf("activité %s in bloc %s", a.Code, b.Lettre)
			}
			for _, c := range a.Competences {
				if other, ok := blocOf[c.Code]; ok {
					t.Errorf("compétence %s in blocs %s and %s", c.Code, other, b.Lettre)
				}
				blocOf[c.Code] = b.Lettre
				if strings.TrimSpace(c.Critere) == "" || strings.TrimSpace(c.Intitule) == "" {
					t.Errorf("compétence %s: empty text", c.Code)
				}
				if evaluated[c.Code] == 0 {
					t.Errorf("compétence %s evaluated by no épreuve of bloc %s", c.Code, b.Lettre)
				}
			}
		}
		for code := range evaluated {
			if blocOf[code] != b.Lettre {
				t.Errorf("bloc %s: épreuve evaluates %s of another bloc", b.Lettre, code)
			}
		}
	}
}

// texts returns every string of the référentiel with its JSON path.
func texts(v reflect.Value, path string, out map[string]string) {
	switch v.Kind() {
	case reflect.String:
		out[path] = v.String()
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			texts(v.Field(i), path+"."+v.Type().Field(i).Name, out)
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			texts(v.Index(i), path+"["+string(rune('0'+i%10))+"]", out)
		}
	case reflect.Pointer:
		if !v.IsNil() {
			texts(v.Elem(), path, out)
		}
	}
}

// OCR artefacts of the source and typography the documents must not carry.
var artefacts = []struct {
	name string
	re   *regexp.Regexp
}{
	{"I’ or I' for l’", regexp.MustCompile(`(^|[^\p{L}])I['’]`)},
	{"r6le", regexp.MustCompile(`r6le|réle|\brole`)},
	{"Contrdle", regexp.MustCompile(`(?i)contr[dé]le|controdle`)},
	{"ceuvre", regexp.MustCompile(`ceuvre`)},
	{"lost bullets", regexp.MustCompile(`N2 2N|2N 7`)},
	{"Maitrise without î", regexp.MustCompile(`(?i)mait|mattr`)},
	{"a for à", regexp.MustCompile(` a (l|la|le|les|un|une|des|I|son|sa|ses|bon|partir|atteindre|acquérir|améliorer)\b`)},
	{"straight apostrophe", regexp.MustCompile(`'`)},
	{"pipe for l", regexp.MustCompile(`\|`)},
	{"ldentifier", regexp.MustCompile(`\bld`)},
	{"Accompagnhement", regexp.MustCompile(`gnh`)},
	{"missing circumflex", regexp.MustCompile(`enquéte|intéréts|\btaches\b|aupres|particuli[eé]re\b|synth[eé]se|hypoth[eé]se|reglementaire|crit[eé]res?\b`)},
	{"double space", regexp.MustCompile(`  `)},
	{"ordinary space before : ; ! ?", regexp.MustCompile(` [:;!?]`)},
	{"three dots", regexp.MustCompile(`\.\.\.`)},
	{"20 mn", regexp.MustCompile(`\bmn\b`)},
	{"word cut by a hyphen and space", regexp.MustCompile(`\p{Ll}- \p{Ll}`)},
	{"unaccented capital E of Évaluer, Élaboration…", regexp.MustCompile(`\bE(valu|labor|tabl|tud|tre\b|coute)`)},
	{"guillemet without no-break space", regexp.MustCompile(`«[^\x{00A0}]|[^\x{00A0}]»`)},
}

func TestEmbeddedNoOCRArtefacts(t *testing.T) {
	all := map[string]string{}
	texts(reflect.ValueOf(*embeddedT(t)), "referentiel", all)
	if len(all) < 300 {
		t.Fatalf("only %d strings found: the walk is broken", len(all))
	}
	for path, s := range all {
		for _, a := range artefacts {
			if loc := a.re.FindStringIndex(s); loc != nil {
				t.Errorf("%s: %s in %q", path, a.name, s)
			}
		}
	}
}

// The artefact patterns must catch what they are written for.
func TestArtefactsCatchOCR(t *testing.T) {
	for _, s := range []string{"favorables a l’emploi", "I'évolution", "le r6le", "Contrdle continu", "mettre en ceuvre", "N2 2N 2N 7", "Maitrise", "l'emploi", "|a réalisation", "ldentifier", "Accompagnhement", "enquéte", "deux  espaces", "besoins :", "violence...", "20 mn", "Evaluer", "« monographie »"} {
		found := false
		for _, a := range artefacts {
			found = found || a.re.MatchString(s)
		}
		if !found {
			t.Errorf("no artefact pattern matches %q", s)
		}
	}
}

func TestEmbeddedJSONRoundTrip(t *testing.T) {
	r := embeddedT(t)
	data, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse(data, "roundtrip.json")
	if err != nil {
		t.Fatalf("JSON of the référentiel does not load back: %v", err)
	}
	again, err := json.Marshal(back)
	if err != nil {
		t.Fatal(err)
	}
	if string(again) != string(data) {
		t.Error("JSON round trip changed the référentiel")
	}
}

func TestRegleBlocPropose(t *testing.T) {
	tous := RegleBloc{Type: RegleTousAcquis, NiveauRequis: "A"}
	part := RegleBloc{Type: ReglePartMinimale, NiveauRequis: "A", PartMinimale: 0.75, NiveauxExclus: []CodeNiveau{"NA"}}
	for _, c := range []struct {
		name   string
		rule   RegleBloc
		levels []CodeNiveau
		want   bool
	}{
		{"all acquired", tous, []CodeNiveau{"A", "A", "A"}, true},
		{"one partial", tous, []CodeNiveau{"A", "PA", "A"}, false},
		{"nothing evaluated", tous, nil, false},
		{"share reached", part, []CodeNiveau{"A", "A", "A", "PA"}, true},
		{"share missed", part, []CodeNiveau{"A", "A", "PA", "PA"}, false},
		{"excluded level", part, []CodeNiveau{"A", "A", "A", "A", "A", "A", "A", "NA"}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.rule.Propose(c.levels); got != c.want {
				t.Errorf("Propose(%v): got %v, want %v", c.levels, got, c.want)
			}
		})
	}
}

func TestRegleDescription(t *testing.T) {
	r := embeddedT(t)
	part := RegleBloc{Type: ReglePartMinimale, NiveauRequis: "A", PartMinimale: 0.75, NiveauxExclus: []CodeNiveau{"NA"}}
	got := part.Description(r.Echelle)
	want := "Le bloc est proposé «\u00a0validé\u00a0» quand au moins 75\u00a0% des critères évalués dans ses épreuves sont «\u00a0Acquis\u00a0» et qu’aucun n’est «\u00a0Non acquis\u00a0»."
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestParseBrokenFiles(t *testing.T) {
	base := string(EmbeddedYAML())
	mutate := func(pairs ...string) string {
		s := base
		for i := 0; i < len(pairs); i += 2 {
			if !strings.Contains(s, pairs[i]) {
				t.Fatalf("test setup: %q not in the embedded file", pairs[i])
			}
			s = strings.Replace(s, pairs[i], pairs[i+1], 1)
		}
		return s
	}
	for _, c := range []struct {
		name string
		data string
		want []string // each must appear in one problem, in order
	}{
		{"unknown compétence in épreuve",
			mutate(`competences: ["1.5", "1.6"]`, `competences: ["1.5", "9.9"]`),
			[]string{"blocs[0].epreuves[0].competences[1] (ligne", "compétence «\u00a09.9\u00a0» inconnue dans le bloc A"}},
		{"empty criterion",
			mutate(`critere: "Pertinence du choix des sources et des méthodes de recueil de l’information pour clarifier les besoins et les aides à l’emploi"`, `critere: ""`),
			[]string{"blocs[0].activites[0].competences[0].critere", "texte obligatoire"}},
		{"wrong bloc code",
			mutate(`code: "RNCP36128BC02"`, `code: "RNCP36128BC2"`),
			[]string{"blocs[1].code", "attendu «\u00a0RNCP36128BC02\u00a0»"}},
		{"duplicate compétence code",
			mutate(`code: "1.2"`, `code: "1.1"`),
			[]string{"blocs[0].activites[0].competences[1].code", "«\u00a01.1\u00a0» en double"}},
		{"unknown rule",
			mutate(`type: "tous_acquis"`, `type: "majorite"`),
			[]string{"regle_bloc.type", "règle «\u00a0majorite\u00a0» inconnue"}},
		{"unknown field",
			mutate(`sigle: "CISP"`, "sigle: \"CISP\"\n  sigel: \"X\""),
			[]string{"(fichier)", "sigel"}},
		{"not YAML", "blocs: [\n  - : :", []string{"YAML illisible"}},
		{"every problem at once",
			mutate(`code_rncp: "RNCP36128"`, `code_rncp: "36128"`, `niveau: 5`, `niveau: 9`, `date_echeance: "2023-01-26"`, `date_echeance: "2023-02-30"`),
			[]string{"certification.code_rncp", "certification.niveau ", "certification.date_echeance", "blocs[0].code"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse([]byte(c.data), "casse.yaml")
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("got %v, want ErrInvalid", err)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "référentiel casse.yaml") {
				t.Errorf("error does not name the file: %s", msg)
			}
			for _, w := range c.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error lacks %q:\n%s", w, msg)
				}
			}
		})
	}
}

func TestLoadFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "ref.yaml")
	if err := os.WriteFile(path, EmbeddedYAML(), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := LoadFile(path)
	if err != nil {
		t.Fatalf("LoadFile: %v", err)
	}
	if len(r.Blocs) != 5 {
		t.Errorf("got %d blocs", len(r.Blocs))
	}
	if _, err := LoadFile(filepath.Join(dir, "absent.yaml")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: got %v, want ErrNotExist", err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add(EmbeddedYAML())
	f.Add([]byte("blocs: []"))
	f.Add([]byte("certification: {niveau: x}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Parse(data, "fuzz.yaml")
		if err == nil && r == nil {
			t.Fatal("nil référentiel without error")
		}
		if err != nil && !errors.Is(err, ErrInvalid) {
			t.Fatalf("error is not ErrInvalid: %v", err)
		}
		if err == nil && len(r.Blocs) == 0 {
			t.Fatal("a valid référentiel has blocs")
		}
	})
}

func TestEnregistrementEmbedded(t *testing.T) {
	r, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	want := "décision de France compétences du 26/01/2022 (à vérifier), fin le 26/01/2023, remplacée par RNCP37504"
	if got := r.Enregistrement(); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	faits := r.AVerifierFaits()
	if len(faits) != 1 || faits[0].Champ != "certification.date_decision_france_competences" || faits[0].Valeur != "26/01/2022" {
		t.Errorf("facts to check: %+v", faits)
	}
}

// The scale's codes and their French labels come from the référentiel.
func TestEchelleLibelle(t *testing.T) {
	r, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		code CodeNiveau
		want string
	}{
		{"A", "Acquis"},
		{"PA", "Partiellement acquis"},
		{"NA", "Non acquis"},
		{"B+", "B+"},
		{"", ""},
	} {
		if got := r.Echelle.Libelle(c.code); got != c.want {
			t.Errorf("Libelle(%q): got %q, want %q", c.code, got, c.want)
		}
	}
}
