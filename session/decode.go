package session

import (
	"bytes"
	"encoding/json"
	"errors"
)

// errNotPlain marks a document decodeStrict leaves to the slower path:
// not an object of the session's fields spelt as they are, or not valid.
var errNotPlain = errors.New("session: not a plain session document")

// decodeStrict decodes the session as a json.Decoder with
// DisallowUnknownFields would, but one candidate at a time: the decoder
// holds one candidate's text, not the whole file (a decoder buffers a
// whole value, and a session is one value, megabytes for a large one,
// copied while it grows), and each candidate is compacted as soon as it is
// read. Any document it does not take as it is — another spelling of a
// field, a wrong type, trailing text — returns an error, and Parse falls
// back to naming every problem by its path. With pack, each candidate's
// evaluations are packed once it is read (ParsePacked).
func decodeStrict(data []byte, s *Session, pack bool) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return errNotPlain
	}
	in := interner{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		var field any
		switch t {
		case "certification":
			field = &s.Certification
		case "certificateur":
			field = &s.Certificateur
		case "organisme_formation":
			field = &s.OrganismeFormation
		case "signataire":
			field = &s.Signataire
		case "session":
			field = &s.Session
		case "jury":
			field = &s.Jury
		case "incidents":
			field = &s.Incidents
		case "planning":
			field = &s.Planning
		case "candidats":
			if err := decodeCandidats(dec, s, in, pack); err != nil {
				return err
			}
			continue
		default:
			return errNotPlain
		}
		if err := dec.Decode(field); err != nil {
			return err
		}
	}
	if t, err := dec.Token(); err != nil || t != json.Delim('}') || dec.More() {
		return errNotPlain
	}
	if _, err := dec.Token(); err == nil {
		return errNotPlain // a second document follows
	}
	s.Jury = exact(s.Jury)
	s.Candidats = exact(s.Candidats)
	return nil
}

// decodeCandidats reads the array of candidates element by element.
func decodeCandidats(dec *json.Decoder, s *Session, in interner, pack bool) error {
	t, err := dec.Token()
	if err != nil {
		return err
	}
	s.Candidats = nil
	if t == nil { // null
		return nil
	}
	if t != json.Delim('[') {
		return errNotPlain
	}
	s.Candidats = []Candidat{}
	for dec.More() {
		var c Candidat
		if err := dec.Decode(&c); err != nil {
			return err
		}
		in.candidat(&c)
		if pack {
			c.pack()
		}
		s.Candidats = append(s.Candidats, c)
	}
	_, err = dec.Token() // ]
	return err
}
