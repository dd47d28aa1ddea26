package generator

import (
	"reflect"
	"strings"
	"testing"
	"unicode"

	"certidoc/documents"
	"certidoc/verification"
)

// descriptionWords collects every word of a document's description: its
// texts, the lines of its signature blocks as documents lays them out, its
// page numbers.
func descriptionWords(d documents.Document) map[string]bool {
	words := map[string]bool{}
	add := func(s string) {
		for _, w := range splitWords(s) {
			words[w] = true
		}
		if !strings.ContainsAny(s, " \n") && len(s) > 20 {
			// an address or a code, cut anywhere across lines: every
			// piece of it is one of its words
			for i := range s {
				for j := i + 1; j <= len(s); j++ {
					words[s[i:j]] = true
				}
			}
		}
	}
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.String:
			add(v.String())
		case reflect.Pointer, reflect.Interface:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Slice, reflect.Array:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.Struct:
			if s, ok := v.Interface().(documents.Signatures); ok {
				walk(reflect.ValueOf(s.Rows(d.ContentWidth())))
			}
			for i := range v.NumField() {
				if v.Type().Field(i).IsExported() {
					walk(v.Field(i))
				}
			}
		}
	}
	walk(reflect.ValueOf(d))
	return words
}

// splitWords cuts text into its words of letters (numbers and signs left
// out), at anything else: a word cut after its hyphen at a line's end is
// two words, each found in the description.
func splitWords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
}

// Every word a reader sees in a document, PDF or DOCX, comes from the
// document's description: the writers add none of their own (the labels of
// a signature block, "page n / N", the verification block's sentences live
// in package documents).
func TestWritersAddNoWords(t *testing.T) {
	t.Parallel()
	r := embedded(t)
	keys, err := verification.NewKeys(strings.Repeat("k", 32), nil)
	if err != nil {
		t.Fatal(err)
	}
	v := &verification.Verifier{Keys: keys, URL: "https://certidoc.exemple.fr"}
	ex := loadExemple(t, nil)
	prep := loadExemple(t, preparatoireEdit)
	b, _ := r.Bloc("D")
	e, _ := b.Epreuve(2)
	c := &ex.sess.Candidats[0]
	docs := []documents.Document{
		documents.Grille(r, b, e),
		documents.GrilleRemplie(r, b, e, c),
		documents.PV(r, ex.sess, ex.delib, ex.rep.Avertissements),
		documents.PV(r, prep.sess, prep.delib, prep.rep.Avertissements),
		documents.Attestation(r, ex.sess, b, c, v, nil),
		documents.Parchemin(r, ex.sess, c, v, nil),
		documents.Notification(r, ex.sess, &ex.delib.Candidats[0], nil),
		documents.Planning(r, ex.sess),
		documents.Emargement(r, ex.sess, &ex.sess.Planning.Seances[1]),
		documents.Convocation(r, ex.sess, c, ex.sess.Planning.DateConvocation, nil),
		documents.ConvocationJury(r, ex.sess, &ex.sess.Jury[0], ex.sess.Planning.DateConvocation, nil),
	}
	for i, d := range docs {
		known := descriptionWords(d)
		path := renderPDF(t, d)
		for format, text := range map[string]string{"PDF": pdftotext(t, path, "-raw"), "DOCX": docxBodyText(t, renderDOCX(t, d, fixed))} {
			for _, w := range splitWords(text) {
				if !known[w] {
					t.Errorf("document %d (%s, %s): %q is not in its description", i, d.Name, format, w)
					break
				}
			}
		}
	}
}

// docxBodyText is the text of a DOCX's body, headers and footers, without
// the part names docxReaderText heads them with.
func docxBodyText(t *testing.T, data []byte) string {
	var b strings.Builder
	for _, line := range strings.Split(docxReaderText(t, data), "\n") {
		if !strings.HasPrefix(line, "=== word/") {
			b.WriteString(line + "\n")
		}
	}
	return b.String()
}
