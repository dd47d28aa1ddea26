package session

import (
	"bytes"
	"encoding/binary"
	"errors"
	"sync"

	"github.com/klauspost/compress/s2"

	"certidoc/fr"
	"certidoc/referentiel"
)

// A candidate's evaluations are most of what a session holds (their
// criteria, levels and comments: four fifths of a candidate once decoded),
// and a dossier reads them only when it makes that candidate's grids and
// letter. A packed candidate keeps them as a few bytes instead — written
// one after another, each text once with its length, then compressed with
// S2 (klauspost/compress: Snappy's format, compressing better) — and
// Unpacked gives them back for as long as they are needed. S2 leaves a
// little more than deflate would of evaluators' comments, but decompresses
// them many times faster, and a candidate is read back five times (text
// checks, checks, warnings, deliberation, documents). The dossier of a
// large session streams for minutes with every candidate in memory, and a
// packed candidate holds a fraction of what it did (bench/RESULTS.md).

// errPacked marks packed evaluations that do not read back: a bug, since
// only pack writes them.
var errPacked = errors.New("session: packed evaluations do not read back")

// Pack packs the evaluations of every candidate of s (see ParsePacked).
func (s *Session) Pack() {
	for i := range s.Candidats {
		s.Candidats[i].pack()
	}
}

// pack replaces c's evaluations by their packed form.
func (c *Candidat) pack() {
	if c.packed != nil || c.Evaluations == nil {
		return
	}
	c.packed = packEvaluations(c.Evaluations)
	c.Evaluations = nil
}

// Unpacked returns c with its evaluations: c itself when they are not
// packed, otherwise a copy holding them, which c does not keep. A packed
// candidate reads as one without evaluations but through Unpacked and
// EvaluationOf.
func (c *Candidat) Unpacked() *Candidat {
	if c.packed == nil {
		return c
	}
	evs, err := unpackEvaluations(c.packed)
	if err != nil {
		panic(err) // only pack writes them
	}
	u := *c
	u.packed = nil
	u.Evaluations = evs
	return &u
}

// scratch holds the bytes of a candidate while it is packed or unpacked.
var scratch = sync.Pool{New: func() any { return new([]byte) }}

// maxUnpacked bounds what packed bytes may claim to hold: more than a
// session body may (64 MiB by default) is not what pack wrote.
const maxUnpacked = 1 << 27

// packEvaluations writes evs as packed bytes: each slice's length plus one
// (0 for nil, so that null and [] read back apart), each text's length and
// bytes, the épreuve's number as a varint, a date as its text.
func packEvaluations(evs []Evaluation) []byte {
	buf := scratch.Get().(*[]byte)
	defer scratch.Put(buf)
	b := (*buf)[:0]
	b = appendLen(b, evs == nil, len(evs))
	for i := range evs {
		ev := &evs[i]
		b = appendText(b, ev.Bloc)
		b = binary.AppendVarint(b, int64(ev.Epreuve))
		b = appendText(b, ev.Date.String())
		b = appendText(b, ev.Lieu)
		b = appendLen(b, ev.Evaluateurs == nil, len(ev.Evaluateurs))
		for _, x := range ev.Evaluateurs {
			b = appendText(b, x.Nom)
			b = appendText(b, x.Role)
		}
		b = appendLen(b, ev.Criteres == nil, len(ev.Criteres))
		for _, cr := range ev.Criteres {
			b = appendText(b, cr.Competence)
			b = appendText(b, string(cr.Niveau))
			b = appendText(b, cr.Commentaire)
		}
		b = appendText(b, ev.Appreciation)
		note := ""
		if ev.Note != nil {
			note = ev.Note.String()
		}
		b = appendText(b, note)
	}
	*buf = b // grown, for the next candidate
	// A copy of exactly its length: what the session keeps.
	return bytes.Clone(s2.EncodeBetter(nil, b))
}

func appendLen(b []byte, isNil bool, n int) []byte {
	if isNil {
		return binary.AppendUvarint(b, 0)
	}
	return binary.AppendUvarint(b, uint64(n)+1)
}

func appendText(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// unpackEvaluations reads what packEvaluations wrote. Every text is cut
// from one string holding all of them, which the evaluations share.
func unpackEvaluations(packed []byte) ([]Evaluation, error) {
	n, err := s2.DecodedLen(packed)
	if err != nil || n > maxUnpacked {
		return nil, errPacked
	}
	buf := scratch.Get().(*[]byte)
	defer scratch.Put(buf)
	if cap(*buf) < n {
		*buf = make([]byte, n)
	}
	raw, err := s2.Decode((*buf)[:n], packed)
	if err != nil {
		return nil, errPacked
	}
	p := unpacker{s: string(raw)}
	evs, ok := p.evaluations()
	if !ok || p.i != len(p.s) {
		return nil, errPacked
	}
	return evs, nil
}

// unpacker reads packed evaluations from s; ok turns false at the first
// thing that does not read.
type unpacker struct {
	s  string
	i  int
	ok bool
}

func (p *unpacker) evaluations() ([]Evaluation, bool) {
	p.ok = true
	n, isNil := p.len()
	if isNil || !p.ok {
		return nil, p.ok
	}
	evs := make([]Evaluation, n)
	for i := range evs {
		ev := &evs[i]
		ev.Bloc = p.text()
		ev.Epreuve = p.varint()
		ev.Date = fr.DateText(p.text())
		ev.Lieu = p.text()
		if n, isNil := p.len(); !isNil && p.ok {
			ev.Evaluateurs = make([]Evaluateur, n)
			for k := range ev.Evaluateurs {
				ev.Evaluateurs[k] = Evaluateur{Nom: p.text(), Role: p.text()}
			}
		}
		if n, isNil := p.len(); !isNil && p.ok {
			ev.Criteres = make([]Critere, n)
			for k := range ev.Criteres {
				ev.Criteres[k] = Critere{Competence: p.text(), Niveau: referentiel.CodeNiveau(p.text()), Commentaire: p.text()}
			}
		}
		ev.Appreciation = p.text()
		if note := p.text(); note != "" {
			n, err := referentiel.ParseDecimal(note)
			if err != nil {
				return nil, false
			}
			ev.Note = &n
		}
		if !p.ok {
			return nil, false
		}
	}
	return evs, p.ok
}

func (p *unpacker) uvarint() uint64 {
	if !p.ok {
		return 0
	}
	v, n := binary.Uvarint([]byte(p.s[p.i:min(len(p.s), p.i+binary.MaxVarintLen64)]))
	if n <= 0 {
		p.ok = false
		return 0
	}
	p.i += n
	return v
}

// varint reads what binary.AppendVarint wrote: a zig-zag uvarint.
func (p *unpacker) varint() int {
	u := p.uvarint()
	v := int64(u >> 1)
	if u&1 != 0 {
		v = ^v
	}
	return int(v)
}

// len reads a slice's length; isNil for a nil slice. A length longer than
// what is left cannot be right: it stops the reading before it allocates.
func (p *unpacker) len() (n int, isNil bool) {
	v := p.uvarint()
	if v == 0 {
		return 0, true
	}
	if v-1 > uint64(len(p.s)-p.i) {
		p.ok = false
		return 0, true
	}
	return int(v - 1), false
}

func (p *unpacker) text() string {
	n := p.uvarint()
	if !p.ok || n > uint64(len(p.s)-p.i) {
		p.ok = false
		return ""
	}
	s := p.s[p.i : p.i+int(n)]
	p.i += int(n)
	return s
}
