package verification

import "strings"

// Verifier gives attestations and parchemins their verification code and a
// QR code leading to URL/verifier/CODE: the registre's short code when Codes
// is set, else a code signed with Keys. A nil *Verifier makes documents
// without.
type Verifier struct {
	Keys *Keys
	URL  string // the service's public address, without a trailing slash
	// Codes maps document numbers to the short codes the registre issued,
	// as printed (XXXXX-XXXXX).
	Codes map[string]string
}

// Link returns the verification address of a code.
func (v *Verifier) Link(code string) string {
	return strings.TrimRight(v.URL, "/") + "/verifier/" + code
}

// Code returns the code to print on the document that certifies f, or
// false when documents carry none (no key, or the registre issued none for
// this number).
func (v *Verifier) Code(f Facts) (string, bool) {
	if v != nil && v.Codes != nil {
		code, ok := v.Codes[f.Numero]
		return code, ok
	}
	if v == nil || v.Keys == nil {
		return "", false
	}
	return v.Keys.Sign(f), true
}
