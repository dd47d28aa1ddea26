package referentiel

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"certidoc/fr"
	"certidoc/internal/yamlpath"
)

//go:embed cisp.yaml
var embedded []byte

// EmbeddedName is the name errors give the embedded file.
const EmbeddedName = "cisp.yaml (intégré)"

// ErrInvalid marks a référentiel file that cannot be used; the error also
// carries every problem found, as a *ValidationError.
var ErrInvalid = errors.New("referentiel: invalid file")

// ValidationError lists every problem found in one référentiel file.
type ValidationError struct {
	File     string
	Problems []Probleme
}

// Probleme is one thing wrong in a référentiel file: where, and what to fix.
type Probleme struct {
	Path    string // such as "blocs[1].epreuves[0].competences[2]"
	Line    int    // 1-based line in the file, 0 when unknown
	Message string // in French
}

func (p Probleme) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s (ligne %d)\u00a0: %s", p.Path, p.Line, p.Message)
	}
	return fmt.Sprintf("%s\u00a0: %s", p.Path, p.Message)
}

func (e *ValidationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "référentiel %s\u00a0: %s", e.File, fr.Nombre(len(e.Problems), "problème", "problèmes"))
	for _, p := range e.Problems {
		b.WriteString("\n  - ")
		b.WriteString(p.String())
	}
	return b.String()
}

// Unwrap lets errors.Is(err, ErrInvalid) match.
func (e *ValidationError) Unwrap() error { return ErrInvalid }

// Embedded parses and validates the référentiel embedded in the binary.
func Embedded() (*Referentiel, error) {
	return Parse(embedded, EmbeddedName)
}

// EmbeddedYAML returns the embedded file as it is.
func EmbeddedYAML() []byte { return bytes.Clone(embedded) }

// LoadFile parses and validates the référentiel file at path.
func LoadFile(path string) (*Referentiel, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read referentiel %s: %w", path, err)
	}
	return Parse(data, path)
}

// Parse decodes a référentiel file (YAML; JSON is YAML too) and validates it.
// name only serves the error messages. All problems are reported at once.
func Parse(data []byte, name string) (*Referentiel, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, &ValidationError{File: name, Problems: []Probleme{{Path: "(fichier)", Message: "YAML illisible\u00a0: " + err.Error()}}}
	}
	var r Referentiel
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&r); err != nil && !errors.Is(err, io.EOF) {
		ve := &ValidationError{File: name}
		var te *yaml.TypeError
		if errors.As(err, &te) {
			for _, m := range te.Errors {
				ve.Problems = append(ve.Problems, Probleme{Path: "(fichier)", Message: "champ ou type incorrect\u00a0: " + m})
			}
		} else {
			ve.Problems = append(ve.Problems, Probleme{Path: "(fichier)", Message: err.Error()})
		}
		return nil, ve
	}
	v := validator{root: &root}
	v.referentiel(&r)
	if len(v.problems) > 0 {
		return nil, &ValidationError{File: name, Problems: v.problems}
	}
	return &r, nil
}

var (
	reCodeRNCP = regexp.MustCompile(`^RNCP[0-9]+$`)
	reNSF      = regexp.MustCompile(`^[0-9]{3}[a-z]?$`)
	reCompCode = regexp.MustCompile(`^[0-9]+\.[0-9]+$`)
)

// validator collects every problem of a decoded référentiel.
type validator struct {
	root       *yaml.Node
	problems   []Probleme
	echelleRef Echelle // the référentiel's scale, for its épreuves
}

// add records a problem at path; path is a list of map keys and indexes.
func (v *validator) add(msg string, path ...any) {
	v.problems = append(v.problems, Probleme{Path: yamlpath.Format(path), Line: yamlpath.Line(v.root, path), Message: msg})
}

func (v *validator) text(s string, path ...any) {
	switch {
	case strings.TrimSpace(s) == "":
		v.add("texte obligatoire, vide ici", path...)
	case strings.TrimSpace(s) != s:
		v.add("espaces en trop au début ou à la fin", path...)
	case strings.Contains(s, "  "):
		v.add("deux espaces de suite", path...)
	}
}

func (v *validator) date(s fr.Date, required bool, path ...any) {
	if s.IsZero() {
		if required {
			v.add("date obligatoire (AAAA-MM-JJ)", path...)
		}
		return
	}
	if !s.Valid() {
		v.add(fmt.Sprintf("date «\u00a0%s\u00a0» invalide\u00a0: attendu AAAA-MM-JJ, par exemple 2022-01-26", s), path...)
	}
}

func (v *validator) referentiel(r *Referentiel) {
	c := r.Certification
	v.text(c.Intitule, "certification", "intitule")
	v.text(c.Sigle, "certification", "sigle")
	v.text(c.Certificateur, "certification", "certificateur")
	if !reCodeRNCP.MatchString(c.CodeRNCP) {
		v.add(fmt.Sprintf("code RNCP «\u00a0%s\u00a0» invalide\u00a0: attendu RNCP suivi de chiffres, par exemple RNCP36128", c.CodeRNCP), "certification", "code_rncp")
	}
	if c.Niveau < 1 || c.Niveau > 8 {
		v.add(fmt.Sprintf("niveau %d invalide\u00a0: attendu de 1 à 8 (nomenclature nationale)", c.Niveau), "certification", "niveau")
	}
	if c.NiveauEuropeen < 1 || c.NiveauEuropeen > 8 {
		v.add(fmt.Sprintf("niveau européen %d invalide\u00a0: attendu de 1 à 8 (CEC)", c.NiveauEuropeen), "certification", "niveau_europeen")
	}
	if len(c.NSF) == 0 {
		v.add("au moins un code NSF est obligatoire", "certification", "nsf")
	}
	for i, n := range c.NSF {
		if !reNSF.MatchString(n) {
			v.add(fmt.Sprintf("code NSF «\u00a0%s\u00a0» invalide\u00a0: attendu trois chiffres et une lettre facultative, par exemple 332t", n), "certification", "nsf", i)
		}
	}
	if len(c.NSFLibelles) > 0 && len(c.NSFLibelles) != len(c.NSF) {
		v.add(fmt.Sprintf("%d libellés pour %d codes NSF\u00a0: un libellé par code", len(c.NSFLibelles), len(c.NSF)), "certification", "nsf_libelles")
	}
	v.date(c.DateDecisionFranceCompetences, false, "certification", "date_decision_france_competences")
	v.date(c.DateEcheance, false, "certification", "date_echeance")
	if c.Successeur != "" && !reCodeRNCP.MatchString(c.Successeur) {
		v.add(fmt.Sprintf("code RNCP «\u00a0%s\u00a0» invalide\u00a0: attendu RNCP suivi de chiffres, par exemple RNCP37504", c.Successeur), "certification", "successeur")
	}
	if c.Successeur != "" && c.DateEcheance.IsZero() {
		v.add("une certification qui succède suppose une fin d’enregistrement\u00a0: renseignez date_echeance", "certification", "successeur")
	}
	for i, f := range c.AVerifier {
		if _, ok := verifiables[f]; !ok {
			v.add(fmt.Sprintf("champ «\u00a0%s\u00a0» inconnu\u00a0: a_verifier nomme des champs de certification (%s)", f, strings.Join(verifiableNames(), ", ")), "certification", "a_verifier", i)
		}
	}

	v.echelle(r.Echelle)
	v.regle(r.RegleBloc, r.Echelle)
	v.echelleRef = r.Echelle

	if len(r.Blocs) == 0 {
		v.add("au moins un bloc est obligatoire", "blocs")
	}
	lettres := map[string]bool{}
	codes := map[string]bool{}
	comps := map[string]string{} // compétence code → bloc letter
	activites := map[string]bool{}
	for i := range r.Blocs {
		b := &r.Blocs[i]
		p := []any{"blocs", i}
		v.text(b.Lettre, append(p, "lettre")...)
		if lettres[b.Lettre] {
			v.add(fmt.Sprintf("lettre de bloc «\u00a0%s\u00a0» en double", b.Lettre), append(p, "lettre")...)
		}
		lettres[b.Lettre] = true
		if want := fmt.Sprintf("%sBC%02d", c.CodeRNCP, i+1); b.Code != want {
			v.add(fmt.Sprintf("code de bloc «\u00a0%s\u00a0»\u00a0: attendu «\u00a0%s\u00a0» (code RNCP, BC et le rang du bloc sur deux chiffres)", b.Code, want), append(p, "code")...)
		}
		if codes[b.Code] {
			v.add(fmt.Sprintf("code de bloc «\u00a0%s\u00a0» en double", b.Code), append(p, "code")...)
		}
		codes[b.Code] = true
		v.text(b.Intitule, append(p, "intitule")...)
		v.bloc(b, p, comps, activites)
	}
}

func (v *validator) echelle(e Echelle) {
	switch e.Type {
	case EchelleNiveaux:
		if len(e.Niveaux) < 2 {
			v.add("une échelle a au moins deux niveaux", "echelle", "niveaux")
		}
		for _, f := range []struct {
			name string
			d    Decimal
		}{{"minimum", e.Minimum}, {"maximum", e.Maximum}, {"pas", e.Pas}} {
			if f.d != 0 {
				v.add("sans objet pour une échelle de niveaux\u00a0: réservé à une échelle de notes", "echelle", f.name)
			}
		}
	case EchelleNotes:
		switch {
		case e.Pas <= 0:
			v.add(fmt.Sprintf("pas %s invalide\u00a0: attendu un nombre positif, par exemple 0.5", e.Pas), "echelle", "pas")
		case e.Minimum < 0:
			v.add(fmt.Sprintf("minimum %s invalide\u00a0: une note n’est pas négative", e.Minimum), "echelle", "minimum")
		case e.Maximum <= e.Minimum:
			v.add(fmt.Sprintf("maximum %s invalide\u00a0: attendu plus que le minimum (%s), par exemple 20", e.Maximum, e.Minimum), "echelle", "maximum")
		case (e.Maximum-e.Minimum)%e.Pas != 0:
			v.add(fmt.Sprintf("maximum %s injoignable\u00a0: de %s par pas de %s, on ne tombe pas dessus", e.Maximum, e.Minimum, e.Pas), "echelle", "maximum")
		}
		if len(e.Niveaux) == 1 {
			v.add("une échelle a au moins deux niveaux (ou aucun, si aucun critère n’est évalué par niveau)", "echelle", "niveaux")
		}
	default:
		v.add(fmt.Sprintf("type d’échelle «\u00a0%s\u00a0» inconnu\u00a0: attendu «\u00a0%s\u00a0» ou «\u00a0%s\u00a0»", e.Type, EchelleNiveaux, EchelleNotes), "echelle", "type")
	}
	seen := map[CodeNiveau]bool{}
	for i, n := range e.Niveaux {
		v.text(string(n.Code), "echelle", "niveaux", i, "code")
		v.text(n.Libelle, "echelle", "niveaux", i, "libelle")
		if n.Feminin != "" {
			v.text(n.Feminin, "echelle", "niveaux", i, "feminin")
		}
		if seen[n.Code] {
			v.add(fmt.Sprintf("code de niveau «\u00a0%s\u00a0» en double", n.Code), "echelle", "niveaux", i, "code")
		}
		seen[n.Code] = true
	}
}

func (v *validator) regle(r RegleBloc, e Echelle) {
	switch r.Type {
	case RegleTousAcquis:
	case ReglePartMinimale:
		if r.PartMinimale <= 0 || r.PartMinimale > 1 {
			v.add(fmt.Sprintf("part minimale %g invalide\u00a0: attendu un nombre entre 0 (exclu) et 1, par exemple 0.75", r.PartMinimale), "regle_bloc", "part_minimale")
		}
	case RegleMoyennePonderee:
		if !e.Notes() {
			v.add(fmt.Sprintf("la règle «\u00a0%s\u00a0» demande une échelle de notes (echelle.type «\u00a0%s\u00a0»)", r.Type, EchelleNotes), "regle_bloc", "type")
			return
		}
		if r.Seuil <= e.Minimum || r.Seuil > e.Maximum {
			v.add(fmt.Sprintf("seuil %s invalide\u00a0: attendu une moyenne au-dessus de %s et au plus %s, par exemple 10", r.Seuil, e.Minimum, e.Maximum), "regle_bloc", "seuil")
		}
		if r.Compensation == nil {
			v.add("compensation obligatoire\u00a0: true si les épreuves d’un bloc se compensent (la moyenne décide), false si chaque note doit aussi atteindre le seuil", "regle_bloc", "compensation")
		}
		if r.Arrondi != "" && r.Arrondi != ArrondiPlusProche && r.Arrondi != ArrondiInferieur {
			v.add(fmt.Sprintf("arrondi «\u00a0%s\u00a0» inconnu\u00a0: attendu «\u00a0%s\u00a0» (par défaut) ou «\u00a0%s\u00a0»", r.Arrondi, ArrondiPlusProche, ArrondiInferieur), "regle_bloc", "arrondi")
		}
		if r.NiveauRequis != "" || r.PartMinimale != 0 || len(r.NiveauxExclus) > 0 {
			v.add("niveau_requis, part_minimale et niveaux_exclus sont sans objet pour une moyenne de notes", "regle_bloc", "type")
		}
		return
	default:
		v.add(fmt.Sprintf("règle «\u00a0%s\u00a0» inconnue\u00a0: attendu «\u00a0%s\u00a0», «\u00a0%s\u00a0» ou «\u00a0%s\u00a0»", r.Type, RegleTousAcquis, ReglePartMinimale, RegleMoyennePonderee), "regle_bloc", "type")
	}
	if e.Notes() {
		v.add(fmt.Sprintf("la règle «\u00a0%s\u00a0» porte sur des niveaux\u00a0: avec une échelle de notes, la règle est «\u00a0%s\u00a0»", r.Type, RegleMoyennePonderee), "regle_bloc", "type")
		return
	}
	if r.Seuil != 0 || r.Compensation != nil || r.Arrondi != "" {
		v.add("seuil, compensation et arrondi sont réservés à la règle «\u00a0moyenne_ponderee\u00a0»", "regle_bloc", "type")
	}
	if _, ok := e.Niveau(r.NiveauRequis); !ok {
		v.add(fmt.Sprintf("niveau requis «\u00a0%s\u00a0» absent de l’échelle", r.NiveauRequis), "regle_bloc", "niveau_requis")
	}
	for i, x := range r.NiveauxExclus {
		if _, ok := e.Niveau(x); !ok {
			v.add(fmt.Sprintf("niveau exclu «\u00a0%s\u00a0» absent de l’échelle", x), "regle_bloc", "niveaux_exclus", i)
		}
	}
}

func (v *validator) bloc(b *Bloc, p []any, comps map[string]string, activites map[string]bool) {
	if len(b.Activites) == 0 {
		v.add("au moins une activité est obligatoire", append(p, "activites")...)
	}
	inBloc := map[string]bool{}
	for i := range b.Activites {
		a := &b.Activites[i]
		pa := append(append([]any{}, p...), "activites", i)
		v.text(a.Intitule, append(pa, "intitule")...)
		if !strings.HasPrefix(a.Code, b.Lettre) || a.Code == b.Lettre {
			v.add(fmt.Sprintf("code d’activité «\u00a0%s\u00a0»\u00a0: attendu la lettre du bloc suivie d’un numéro, par exemple %s1", a.Code, b.Lettre), append(pa, "code")...)
		}
		if activites[a.Code] {
			v.add(fmt.Sprintf("code d’activité «\u00a0%s\u00a0» en double", a.Code), append(pa, "code")...)
		}
		activites[a.Code] = true
		if a.Preambule != "" {
			v.text(a.Preambule, append(pa, "preambule")...)
		}
		if a.CritereCommun != "" {
			v.text(a.CritereCommun, append(pa, "critere_commun")...)
		}
		if len(a.Competences) == 0 {
			v.add("au moins une compétence est obligatoire", append(pa, "competences")...)
		}
		for j, c := range a.Competences {
			pc := append(append([]any{}, pa...), "competences", j)
			if !reCompCode.MatchString(c.Code) {
				v.add(fmt.Sprintf("code de compétence «\u00a0%s\u00a0» invalide\u00a0: attendu par exemple 2.16", c.Code), append(pc, "code")...)
			}
			if other, dup := comps[c.Code]; dup {
				v.add(fmt.Sprintf("code de compétence «\u00a0%s\u00a0» en double (déjà dans le bloc %s)", c.Code, other), append(pc, "code")...)
			}
			comps[c.Code] = b.Lettre
			inBloc[c.Code] = true
			v.text(c.Intitule, append(pc, "intitule")...)
			v.text(c.Critere, append(pc, "critere")...)
		}
	}

	if len(b.Epreuves) == 0 {
		v.add("au moins une épreuve est obligatoire", append(p, "epreuves")...)
	}
	evaluated := map[string]bool{}
	numeros := map[int]bool{}
	for i := range b.Epreuves {
		e := &b.Epreuves[i]
		pe := append(append([]any{}, p...), "epreuves", i)
		if e.Numero < 1 {
			v.add(fmt.Sprintf("numéro d’épreuve %d invalide\u00a0: attendu 1, 2…", e.Numero), append(pe, "numero")...)
		}
		if numeros[e.Numero] {
			v.add(fmt.Sprintf("numéro d’épreuve %d en double dans le bloc %s", e.Numero, b.Lettre), append(pe, "numero")...)
		}
		numeros[e.Numero] = true
		v.text(e.Type, append(pe, "type")...)
		v.text(e.Intitule, append(pe, "intitule")...)
		v.notes(e, pe)
		if len(e.Contenu) == 0 {
			v.add("le contenu de l’épreuve est obligatoire", append(pe, "contenu")...)
		}
		for k, s := range e.Contenu {
			v.text(s, append(pe, "contenu", k)...)
		}
		for k, s := range e.Modalites {
			v.text(s, append(pe, "modalites", k)...)
		}
		if len(e.Evaluateurs) == 0 {
			v.add("au moins un évaluateur est obligatoire (un rôle par signature)", append(pe, "evaluateurs")...)
		}
		for k, s := range e.Evaluateurs {
			v.text(s, append(pe, "evaluateurs", k)...)
		}
		if len(e.Competences) == 0 {
			v.add("l’épreuve doit évaluer au moins une compétence", append(pe, "competences")...)
		}
		seen := map[string]bool{}
		for k, code := range e.Competences {
			switch {
			case !inBloc[code]:
				v.add(fmt.Sprintf("compétence «\u00a0%s\u00a0» inconnue dans le bloc %s", code, b.Lettre), append(pe, "competences", k)...)
			case seen[code]:
				v.add(fmt.Sprintf("compétence «\u00a0%s\u00a0» citée deux fois", code), append(pe, "competences", k)...)
			}
			seen[code] = true
			evaluated[code] = true
		}
	}
	for i, a := range b.Activites {
		for j, c := range a.Competences {
			if !evaluated[c.Code] {
				v.add(fmt.Sprintf("la compétence %s n’est évaluée par aucune épreuve du bloc %s", c.Code, b.Lettre), append(append([]any{}, p...), "activites", i, "competences", j)...)
			}
		}
	}
}

// notes checks what an épreuve says of its mark.
func (v *validator) notes(e *Epreuve, p []any) {
	ech := v.echelleRef
	at := func(field string) []any { return append(append([]any{}, p...), field) }
	if !ech.Notes() {
		if e.Coefficient != 0 {
			v.add("coefficient sans objet\u00a0: l’échelle est de niveaux, pas de notes", at("coefficient")...)
		}
		if e.NoteEliminatoire != nil {
			v.add("note éliminatoire sans objet\u00a0: l’échelle est de niveaux, pas de notes", at("note_eliminatoire")...)
		}
		if e.NiveauxParCritere {
			v.add("niveaux_par_critere sans objet\u00a0: avec une échelle de niveaux, chaque critère a déjà son niveau", at("niveaux_par_critere")...)
		}
		return
	}
	if e.Coefficient < 0 {
		v.add(fmt.Sprintf("coefficient %s invalide\u00a0: attendu un nombre positif, par exemple 2", e.Coefficient), at("coefficient")...)
	}
	if n := e.NoteEliminatoire; n != nil && !ech.NoteValide(*n) {
		v.add(fmt.Sprintf("note éliminatoire %s invalide\u00a0: attendu une note de l’échelle, de %s à %s par pas de %s", n, ech.Minimum, ech.Maximum, ech.Pas), at("note_eliminatoire")...)
	}
	if e.NiveauxParCritere && len(ech.Niveaux) < 2 {
		v.add("niveaux_par_critere demande les niveaux de l’échelle (echelle.niveaux)", at("niveaux_par_critere")...)
	}
}
