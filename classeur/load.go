package classeur

import (
	"bytes"

	"certidoc/referentiel"
	"certidoc/session"
)

// IsWorkbook tells whether data looks like a workbook (a zip, or an
// encrypted or legacy Office file) rather than JSON.
func IsWorkbook(data []byte) bool {
	return bytes.HasPrefix(data, []byte("PK\x03\x04")) || bytes.HasPrefix(data, oleMagic)
}

// LoadSession reads a session from either form the secrétariat may hand
// in: the session JSON or the filled entry workbook, validated against the
// référentiel and the documents' font. Errors are those of session.Parse
// or Read.
func LoadSession(data []byte, ref *referentiel.Referentiel, font session.Font, lim Limits) (*session.Session, *session.Report, error) {
	s, rep, _, err := LoadSessionLocating(data, ref, font, lim, false)
	return s, rep, err
}

// LoadSessionPacked is LoadSession for a session kept in memory while its
// dossier streams: every candidate's evaluations packed, as
// session.ParsePacked reads them.
func LoadSessionPacked(data []byte, ref *referentiel.Referentiel, font session.Font, lim Limits) (*session.Session, *session.Report, error) {
	s, rep, _, err := LoadSessionLocating(data, ref, font, lim, true)
	return s, rep, err
}
