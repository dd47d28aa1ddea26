package fr

import (
	"strconv"
	"strings"
)

// Nombre writes a count followed by its noun agreed with it: « 1 problème »,
// « 3 problèmes ». Under two, French takes the singular: « 0 document ».
// singulier and pluriel may be whole phrases (« titulaire non déclaré »,
// « titulaires non déclarés »).
func Nombre(n int, singulier, pluriel string) string {
	if n < 2 && n > -2 {
		return strconv.Itoa(n) + " " + singulier
	}
	return strconv.Itoa(n) + " " + pluriel
}

// Entier writes a whole number the French way, its digits grouped by three
// with a narrow no-break space: « 49 999 », « 1 200 000 ».
func Entier(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString("\u202f")
		}
		b.WriteRune(c)
	}
	return b.String()
}
