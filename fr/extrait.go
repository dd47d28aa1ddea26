package fr

// ExtraitMax is the most characters of a value a message quotes.
const ExtraitMax = 60

// Extrait is the part of a value a message quotes: the value itself when
// it has ExtraitMax characters or fewer, else its first ExtraitMax
// characters and « … ». A message names the value to fix; quoting it
// whole would let a long value (a cell of 40,000 characters, copied on
// thousands of rows) make every message, and the answer, that long.
func Extrait(s string) string {
	if len(s) <= ExtraitMax {
		return s // at most ExtraitMax bytes, so at most as many characters
	}
	n := 0
	for i := range s {
		if n == ExtraitMax {
			return s[:i] + "…"
		}
		n++
	}
	return s
}
