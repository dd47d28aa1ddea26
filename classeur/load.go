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
	if IsWorkbook(data) {
		return Read(data, ref, font, lim)
	}
	return session.Parse(data, ref, font)
}

// LoadSessionPacked is LoadSession for a session kept in memory while its
// dossier streams: every candidate's evaluations packed, as
// session.ParsePacked reads them.
func LoadSessionPacked(data []byte, ref *referentiel.Referentiel, font session.Font, lim Limits) (*session.Session, *session.Report, error) {
	if IsWorkbook(data) {
		s, rep, err := Read(data, ref, font, lim)
		if err == nil {
			s.Pack()
		}
		return s, rep, err
	}
	return session.ParsePacked(data, ref, font)
}
