package documents

import (
	"fmt"
	"strings"

	"certidoc/session"
)

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
	return fmt.Sprintf("%s %s, %s le %s à %s", Madame(c), c.NomComplet(), born, c.Naissance.Date.Longue(), LieuNaissance(c.Naissance))
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
		return n + " le " + c.Naissance.Date.Courte()
	}
	return accord(c, "né", "née") + " le " + c.Naissance.Date.Courte()
}

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
