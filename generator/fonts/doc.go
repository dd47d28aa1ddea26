// Package fonts holds the TrueType fonts the PDFs embed: Certidoc Sans, the
// whole repertoire of Liberation Sans 2.1 (SIL Open Font License 1.1, see
// LICENSE-OFL.txt) renamed as the licence asks, made by subset.sh. It says
// which characters the fonts can print (Covers) and names the character
// printed in place of one they lack (Replacement); generator.Font hands
// both to a session's validation, which refuses an identity field the
// documents could not show.
//
// It imports nothing from certidoc, so that any package may use it.
package fonts
