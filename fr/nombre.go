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

// Entier writes a whole number with its thousands apart, as French does:
// « 47 000 000 », a narrow no-break space between the groups.
func Entier(n int) string {
	digits := strconv.Itoa(n)
	sign := ""
	if n < 0 {
		sign, digits = "-", digits[1:]
	}
	var b []byte
	for i := range len(digits) {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b = append(b, "\u202f"...)
		}
		b = append(b, digits[i])
	}
	return sign + string(b)
}
