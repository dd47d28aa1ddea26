package classeur

import (
	"bytes"
	"errors"

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

// LoadFrom is LoadSession choosing the référentiel among ens: the one of
// the certification code names when not empty, else the one the session
// names (its "certification", or the workbook's), the default one when it
// names none. A session naming a certification ens does not hold gets a
// *session.Report. It returns the référentiel too, even with a session
// that has problems; nil when none could be chosen.
func LoadFrom(data []byte, ens *referentiel.Ensemble, code string, font session.Font, lim Limits) (*referentiel.Referentiel, *session.Session, *session.Report, error) {
	ref, s, rep, _, err := LoadFromLocating(data, ens, code, font, lim, false)
	return ref, s, rep, err
}

// LoadFromPacked is LoadFrom for a session kept in memory while its
// dossier streams (see LoadSessionPacked).
func LoadFromPacked(data []byte, ens *referentiel.Ensemble, code string, font session.Font, lim Limits) (*referentiel.Referentiel, *session.Session, *session.Report, error) {
	ref, s, rep, _, err := LoadFromLocating(data, ens, code, font, lim, true)
	return ref, s, rep, err
}

// chooseJSON picks the référentiel of a session file: code's when given
// (the session's own "certification" is then checked against it by the
// validation), else the one the session names. A session that is not
// JSON gets the default référentiel, whose parse then says where it
// breaks.
func chooseJSON(data []byte, ens *referentiel.Ensemble, code string) (*referentiel.Referentiel, error) {
	if code != "" {
		return ens.Choisir(code)
	}
	if ens.Len() == 1 {
		return ens.Defaut(), nil // the session's own check names another code
	}
	ref, err := ens.Choisir(session.CertificationOf(data))
	if u, ok := errors.AsType[*referentiel.UnknownError](err); ok {
		return nil, &session.Report{Problemes: []session.Probleme{{Chemin: "certification", Message: u.Error()}}}
	}
	return ref, err
}
