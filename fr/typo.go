package fr

import "strings"

// Typo gives French text the no-break spaces of French typography: U+202F
// before ; ! ? and U+00A0 before : and inside « ». Only a space already
// there is replaced (an ordinary one, or U+00A0 before ; ! ?), so a time
// (14:30), an address (https://) or a sheet and cell (Session!B4) is left
// alone. It is for text certidoc does not write
// itself — a comment, a motif, an appeal route typed by a user; certidoc's
// own messages carry their no-break spaces in their source.
func Typo(s string) string {
	return typoReplacer.Replace(s)
}

var typoReplacer = strings.NewReplacer(
	" ;", "\u202f;", " !", "\u202f!", " ?", "\u202f?", " :", "\u00a0:",
	"\u00a0;", "\u202f;", "\u00a0!", "\u202f!", "\u00a0?", "\u202f?",
	"« ", "«\u00a0", " »", "\u00a0»",
)
