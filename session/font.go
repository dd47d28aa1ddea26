package session

// Font is what validation knows of the documents' font: whether it has a
// glyph for a character (Covers), and the character printed in place of
// one it lacks (Replacement). The layer that renders the documents, and so
// knows their font, supplies it (generator.Font); the rule that uses it
// stays here, beside every other rule on a session's texts (texts.go): a
// character the font lacks is a problem in an identity field, which must
// print as typed, and a warning in free text, which prints Replacement.
type Font struct {
	Covers      func(r rune) bool
	Replacement rune
}
