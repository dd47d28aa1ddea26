package documents

import (
	"fmt"
	"regexp"
	"strings"

	"certidoc/fr"
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
	return fmt.Sprintf("%s %s, %s le %s à %s", Madame(c), Nom(c), born, longue(c.Naissance.Date), LieuNaissance(c.Naissance))
}

// NeeNom writes the birth name when a usage name differs from it, agreed
// with the candidate's sex: "née BAPTISTE", "né DUPONT"; "" otherwise.
func NeeNom(c *session.Candidat) string {
	if c.NomUsage == "" || strings.EqualFold(c.NomUsage, c.NomNaissance) {
		return ""
	}
	return accord(c, "né", "née") + " " + insecable(strings.ToUpper(c.NomNaissance))
}

// NomIdentite writes a candidate's name as the documents that decide or
// attest name them: "Inès GOULARD, née BAPTISTE", or "Élodie Marie
// LEFÈVRE-ŒUVRAY" when there is no other birth name.
func NomIdentite(c *session.Candidat) string {
	if n := NeeNom(c); n != "" {
		return Nom(c) + ", " + n
	}
	return Nom(c)
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

// particules are the words of a name that a line never ends with: they
// belong to the word after them ("de La Roche-Vidal", "van Gogh").
var particules = map[string]bool{
	"de": true, "du": true, "des": true, "la": true, "le": true, "les": true,
	"van": true, "von": true, "der": true, "den": true, "ten": true, "ter": true,
	"da": true, "di": true, "do": true, "dos": true, "das": true, "del": true, "della": true, "zu": true,
}

// insecable joins each particle of a name to the word after it with a
// no-break space: "KERGOAT-VASSEUR DE VILLENEUVE" never ends a line with
// "DE". ("d’" is joined already.)
func insecable(name string) string {
	words := strings.Split(name, " ")
	var b strings.Builder
	for i, w := range words {
		b.WriteString(w)
		if i+1 == len(words) {
			break
		}
		// "VAN" in "ÇELIK-VAN DER STRAETEN" is a particle too
		last := w[strings.LastIndexByte(w, '-')+1:]
		if particules[strings.ToLower(last)] && words[i+1] != "" {
			b.WriteString("\u00a0")
		} else {
			b.WriteString(" ")
		}
	}
	return b.String()
}

// Nom writes a candidate's name as the documents print it, its particles
// held to the word after them: "Anselme DE\u00a0LA\u00a0ROCHE-VIDAL".
func Nom(c *session.Candidat) string { return insecable(c.NomComplet()) }

// longue writes a date in full, never cut across two lines: "26 janvier
// 2022" with no-break spaces.
func longue(d fr.Date) string { return strings.ReplaceAll(d.Longue(), " ", "\u00a0") }

// nomEvaluateur writes an evaluator's name as the PV writes the jury's:
// the name in capitals, "Claire FONTANEL". The name is typed in one field:
// when it holds a word in capitals already, it is printed as typed;
// otherwise its first word is taken for the first name and the rest for
// the name.
func nomEvaluateur(s string) string {
	words := strings.Fields(s)
	for _, w := range words {
		if len([]rune(w)) > 1 && w == strings.ToUpper(w) && w != strings.ToLower(w) {
			return insecable(strings.Join(words, " "))
		}
	}
	if len(words) < 2 {
		return strings.ToUpper(strings.Join(words, " "))
	}
	return insecable(words[0] + " " + strings.ToUpper(strings.Join(words[1:], " ")))
}

// reDate is a date written out in a typed text: "29 octobre 2022".
var reDate = regexp.MustCompile(`\b(\d{1,2}|1er) (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) (\d{4})\b`)

// libre prints a text typed by a user (a comment, a motif, an incident):
// with French typography (fr.Typo), and its dates written out never cut
// across two lines.
func libre(s string) string {
	return reDate.ReplaceAllString(fr.Typo(s), "$1\u00a0$2\u00a0$3")
}
