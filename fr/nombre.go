package fr

import "strconv"

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
