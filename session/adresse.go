package session

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// What the address block of a letter may hold to show whole in the window
// of a DL envelope (NF Z10-011, La Poste's addressing rules): six lines of
// thirty-eight characters at most.
const (
	AdresseLignesMax     = 6
	AdresseCaracteresMax = 38
)

// AdressePostale returns the lines of a candidate's address block, as the
// letter prints them in the envelope's window: the civility, the usual
// first name and the name, then the address; its last line, the postcode
// and commune (or the country), in capitals without accents nor
// punctuation. Without an address, the name alone.
func (c *Candidat) AdressePostale() []string {
	prenom, _, _ := strings.Cut(strings.TrimSpace(c.Prenoms), " ")
	return LignesPostales(c.Civilite.Long()+" "+prenom+" "+upper(c.NomAffiche()), c.Adresse)
}

// LignesPostales returns the lines of an address block: the recipient,
// then the address, its last line (the postcode and commune, or the
// country) in capitals without accents nor punctuation.
func LignesPostales(destinataire string, adresse []string) []string {
	lines := []string{strings.Join(strings.Fields(destinataire), " ")}
	for i, l := range adresse {
		l = strings.Join(strings.Fields(l), " ")
		if i == len(adresse)-1 {
			l = ligneDistribution(l)
		}
		if l != "" {
			lines = append(lines, l)
		}
	}
	return lines
}

// ligneDistribution writes the last line of an address as La Poste reads
// it: "69360 Saint-Symphorien-d’Ozon" → "69360 SAINT SYMPHORIEN D OZON".
func ligneDistribution(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteString(strings.ToUpper(string(r)))
		default:
			b.WriteByte(' ')
		}
	}
	return strings.Join(strings.Fields(norm.NFC.String(b.String())), " ")
}

// AdresseHorsFenetre says why an address block (AdressePostale) does not
// hold in the window of a DL envelope as it is: too many lines, a line of
// the address too long; "" when it holds. The name's line is not measured:
// a name is printed whole, smaller if need be, and nobody shortens it.
func AdresseHorsFenetre(lines []string) string {
	var why []string
	if n := len(lines); n > AdresseLignesMax {
		why = append(why, strconv.Itoa(n)+"\u00a0lignes, "+strconv.Itoa(AdresseLignesMax)+" au plus")
	}
	longest := 0
	for _, l := range lines[min(1, len(lines)):] {
		longest = max(longest, utf8.RuneCountInString(l))
	}
	if longest > AdresseCaracteresMax {
		why = append(why, "une ligne de "+strconv.Itoa(longest)+"\u00a0caractères, "+strconv.Itoa(AdresseCaracteresMax)+" au plus")
	}
	return strings.Join(why, "\u202f; ")
}
