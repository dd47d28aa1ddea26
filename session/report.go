package session

import (
	"fmt"
	"strings"

	"certidoc/fr"
)

// Probleme is one thing to fix in a session, or a warning: where (a JSON
// path such as candidats[2].naissance.date, or a sheet and cell once the
// session comes from a workbook) and what, in French. A message quotes at
// most an excerpt of the value (fr.Extrait).
type Probleme struct {
	Chemin  string `json:"chemin"`
	Message string `json:"message"`
}

func (p Probleme) String() string { return p.Chemin + "\u00a0: " + p.Message }

// MaxProblemes is the most problems a report lists; beyond, its last line
// counts the others (« … et 6 240 autres problèmes, non listés »). A
// hostile or broken file may have a problem in each of thousands of cells:
// the answer stays a few hundred kilobytes, and so does the memory that
// holds it.
const MaxProblemes = 500

// CheminSuite is the path of the line that counts the problems not listed.
const CheminSuite = "…"

// Report lists the problems (which stop any document) and every warning
// (which do not) found in a session: MaxProblemes problems at most, then
// one line counting the others. Add problems with Add.
type Report struct {
	Problemes      []Probleme `json:"problemes"`
	Avertissements []Probleme `json:"avertissements"`
	omis           int        // problems found beyond MaxProblemes
}

// Add adds a problem to the report, or counts it once MaxProblemes are
// listed.
func (r *Report) Add(p Probleme) {
	if r.omis == 0 && len(r.Problemes) < MaxProblemes {
		r.Problemes = append(r.Problemes, p)
		return
	}
	r.Omit(1)
}

// Full tells whether a problem added now would only be counted: its
// message need not be written.
func (r *Report) Full() bool { return r.omis > 0 || len(r.Problemes) >= MaxProblemes }

// Omit counts n problems found and not listed.
func (r *Report) Omit(n int) {
	if n <= 0 {
		return
	}
	if r.omis == 0 {
		r.Problemes = append(r.Problemes, Probleme{Chemin: CheminSuite})
	}
	r.omis += n
	others := " autres problèmes, non listés"
	if r.omis == 1 {
		others = " autre problème, non listé"
	}
	r.Problemes[len(r.Problemes)-1].Message = "… et " + fr.Entier(r.omis) + others + "\u00a0: corrigez ceux-ci, puis vérifiez à nouveau"
}

// Listed returns the problems listed, without the line counting the
// others, and how many others were found.
func (r *Report) Listed() ([]Probleme, int) {
	if r.omis > 0 {
		return r.Problemes[:len(r.Problemes)-1], r.omis
	}
	return r.Problemes, 0
}

// Total is the number of problems found, listed or not.
func (r *Report) Total() int {
	listed, omis := r.Listed()
	return len(listed) + omis
}

func (r *Report) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "session invalide\u00a0: %s", fr.Nombre(r.Total(), "problème", "problèmes"))
	for _, p := range r.Problemes {
		b.WriteString("\n  - ")
		b.WriteString(p.String())
	}
	return b.String()
}

// Unwrap lets errors.Is(err, ErrInvalid) match.
func (r *Report) Unwrap() error { return ErrInvalid }
