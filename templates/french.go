package templates

import (
	"fmt"
	"strings"
	"time"

	"certidoc/session"
)

var mois = [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}

// DateLongue writes an ISO date (2026-11-01) the French way: "1er novembre 2026".
// A value that is not a date is returned as it is.
func DateLongue(iso string) string {
	t, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return iso
	}
	day := fmt.Sprint(t.Day())
	if t.Day() == 1 {
		day = "1er"
	}
	return day + "\u00a0" + mois[t.Month()-1] + " " + fmt.Sprint(t.Year())
}

// DateCourte writes an ISO date as 01/11/2026.
func DateCourte(iso string) string {
	t, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return iso
	}
	return t.Format("02/01/2006")
}

// Heure writes 14:30 as "14\u00a0h\u00a030".
func Heure(hhmm string) string {
	h, m, ok := strings.Cut(hhmm, ":")
	if !ok {
		return hhmm
	}
	h = strings.TrimPrefix(h, "0")
	if h == "" {
		h = "0"
	}
	if m == "00" {
		return h + "\u00a0h"
	}
	return h + "\u00a0h\u00a0" + m
}

// Madame returns "Madame" or "Monsieur".
func Madame(c *session.Candidat) string {
	return c.Civilite.Long()
}

// accord returns the feminine form for a woman: accord(c, "né", "née").
func accord(c *session.Candidat, masc, fem string) string { return c.Accord(masc, fem) }

// Identite writes a candidate's identity as certificates state it:
// "Madame Inès GOULARD, née BAPTISTE le 29 février 1988 à Grenoble (38)".
func Identite(c *session.Candidat) string {
	born := accord(c, "né", "née")
	if n := NeeNom(c); n != "" {
		born = n
	}
	return fmt.Sprintf("%s %s, %s le %s à %s", Madame(c), c.NomComplet(), born, DateLongue(c.Naissance.Date), LieuNaissance(c.Naissance))
}

// NeeNom writes the birth name when a usage name differs from it, agreed
// with the candidate's sex: "née BAPTISTE", "né DUPONT"; "" otherwise.
func NeeNom(c *session.Candidat) string {
	if c.NomUsage == "" || strings.EqualFold(c.NomUsage, c.NomNaissance) {
		return ""
	}
	return accord(c, "né", "née") + " " + strings.ToUpper(c.NomNaissance)
}

// NomIdentite writes a candidate's name as the documents that decide or
// attest name them: "Inès GOULARD, née BAPTISTE", or "Élodie Marie
// LEFÈVRE-ŒUVRAY" when there is no other birth name.
func NomIdentite(c *session.Candidat) string {
	if n := NeeNom(c); n != "" {
		return c.NomComplet() + ", " + n
	}
	return c.NomComplet()
}

// NaissanceCourte writes the birth name and date for a table:
// "née BAPTISTE le 29/02/1988", or "née le 17/04/1991".
func NaissanceCourte(c *session.Candidat) string {
	if n := NeeNom(c); n != "" {
		return n + " le " + DateCourte(c.Naissance.Date)
	}
	return accord(c, "né", "née") + " le " + DateCourte(c.Naissance.Date)
}

// Typo gives free text typed by a user (a comment, a motif, an incident)
// the no-break spaces of French typography: U+202F before ; ! ?, U+00A0
// before : and inside « ». Only a space already there is replaced, so a
// time (14:30) or an address (https://) is left alone.
func Typo(s string) string {
	return typoReplacer.Replace(s)
}

var typoReplacer = strings.NewReplacer(
	" ;", "\u202f;", " !", "\u202f!", " ?", "\u202f?", " :", "\u00a0:",
	"\u00a0;", "\u202f;", "\u00a0!", "\u202f!", "\u00a0?", "\u202f?",
	"« ", "«\u00a0", " »", "\u00a0»",
)

// LieuNaissance writes "Grenoble (38)" or "Liège (Belgique)".
func LieuNaissance(n session.Naissance) string {
	if n.NeeALEtranger() {
		return n.Commune + " (" + n.PaysLibelle + ")"
	}
	dep := n.CodeINSEE
	switch {
	case len(dep) >= 3 && strings.HasPrefix(dep, "97"):
		dep = dep[:3]
	case len(dep) >= 2:
		dep = dep[:2]
	}
	return n.Commune + " (" + dep + ")"
}

// Liste joins items the French way: "A, B et C".
func Liste(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " et " + items[len(items)-1]
}
