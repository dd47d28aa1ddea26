package documents

import (
	"errors"
	"fmt"
	"strconv"

	"certidoc/certificateur"
	"certidoc/referentiel"
	"certidoc/session"
	"certidoc/verification"
)

// Kind is a kind of document. Its value starts the document's file name
// and labels the service's metrics.
type Kind string

// The kinds of document.
const (
	KindGrille       Kind = "grille"        // an épreuve's evaluation grid, blank or completed
	KindPV           Kind = "proces-verbal" // the jury's minutes, one per session
	KindAttestation  Kind = "attestation"   // one bloc validated this session
	KindParchemin    Kind = "parchemin"     // the certificate, when every bloc is held
	KindNotification Kind = "notification"  // the letter with the results

	// Before the jury (AvantSession).
	KindPlanning        Kind = "planning"         // the session's sittings, one table
	KindEmargement      Kind = "emargement"       // a sitting's attendance sheet
	KindConvocation     Kind = "convocation"      // a candidate's convocation to their sittings
	KindConvocationJury Kind = "convocation-jury" // a jury member's convocation to the deliberation
)

// Kinds lists every kind of document, in the order of the dossier and then
// of the papers before the jury.
var Kinds = []Kind{KindPV, KindGrille, KindAttestation, KindParchemin, KindNotification, KindPlanning, KindEmargement, KindConvocation, KindConvocationJury}

// ErrNonDelivrable marks a document a candidate is not entitled to (yet):
// every *NonDelivrableError wraps it.
var ErrNonDelivrable = errors.New("documents: document not deliverable")

// NonDelivrableError says why a candidate has no such document.
type NonDelivrableError struct {
	Ref Ref
	// Motif says why, in French, for the secrétariat: "Le bloc C n’a pas
	// été validé par le jury pour le candidat 2022-003…".
	Motif string
}

func (e *NonDelivrableError) Error() string {
	return fmt.Sprintf("%v: %s", ErrNonDelivrable, e.Ref)
}

// Unwrap lets errors.Is(err, ErrNonDelivrable) match.
func (e *NonDelivrableError) Unwrap() error { return ErrNonDelivrable }

// Ref names one document of a candidate: its kind, the bloc of an
// attestation or a grid, the épreuve of a grid.
type Ref struct {
	Kind    Kind
	Bloc    string // a bloc's letter, for KindGrille and KindAttestation
	Epreuve int    // an épreuve's number, for KindGrille
}

// String writes the file name the document would have: "grille-B-1".
func (r Ref) String() string {
	out := string(r.Kind)
	if r.Bloc != "" {
		out += "-" + r.Bloc
	}
	if r.Epreuve != 0 {
		out += "-" + strconv.Itoa(r.Epreuve)
	}
	return out
}

// Item is one document a candidate may have: either it exists (Err is nil)
// and Document makes it, or Err, wrapping ErrNonDelivrable, says why not.
type Item struct {
	Ref  Ref
	Err  error
	make func() Document
}

// Document describes the item's document; only when Err is nil.
func (it Item) Document() Document { return it.make() }

// Catalogue decides, for one candidate of a deliberated session, which of
// the documents of a candidate exist: a grid per épreuve of the référentiel,
// an attestation per bloc, the parchemin and the letter, in the dossier's
// order. This is the one place where the rules live:
//   - a completed grid exists for each épreuve the candidate was evaluated on;
//   - attestations, parchemin and letter are made "au vu de la décision du
//     jury": none while any decision of the session is missing (the PV is
//     then préparatoire);
//   - an attestation exists for each bloc the jury validated this session;
//   - the parchemin exists when the candidate holds every bloc;
//   - the letter exists once the jury has decided on every bloc presented;
//   - after the end of the certification's registration, a candidate whose
//     training did not begin before it gets no attestation, parchemin or
//     letter (session.ResultatCandidat.HorsEnregistrement).
//
// Nothing is made until Item.Document is called.
func Catalogue(r *referentiel.Referentiel, s *session.Session, d *session.Resultats, rc *session.ResultatCandidat, v *verification.Verifier, p *certificateur.Profil) []Item {
	c := rc.Candidat
	var out []Item
	refuse := func(ref Ref, format string, args ...any) {
		out = append(out, Item{Ref: ref, Err: &NonDelivrableError{Ref: ref, Motif: fmt.Sprintf(format, args...)}})
	}
	for bi := range r.Blocs {
		b := &r.Blocs[bi]
		for ei := range b.Epreuves {
			e := &b.Epreuves[ei]
			ref := Ref{Kind: KindGrille, Bloc: b.Lettre, Epreuve: e.Numero}
			if c.EvaluationOf(b.Lettre, e.Numero) == nil {
				refuse(ref, "Le candidat %s n’a pas d’évaluation de l’épreuve %s dans cette session.", c.Numero, b.EpreuveID(e))
				continue
			}
			out = append(out, Item{Ref: ref, make: func() Document { return GrilleRemplie(r, b, e, c) }})
		}
	}
	undecided := ""
	switch {
	case d.Preparatoire:
		n := d.Totaux().EnAttente
		who := "1\u00a0candidat attend"
		if n > 1 {
			who = strconv.Itoa(n) + "\u00a0candidats attendent"
		}
		undecided = "Le jury n’a pas encore décidé\u00a0: " + who + " ses décisions. %s n’existe qu’une fois toutes les décisions du jury prises\u202f; d’ici là, seuls le PV préparatoire et les grilles sont disponibles."
	case rc.Resultat == session.EnAttente:
		undecided = "Le jury n’a pas encore décidé de tous les blocs du candidat " + c.Numero + "\u00a0: %s attend ses décisions."
	}
	// After the end of the registration, nothing that grants a level is
	// issued to a candidate whose training began after it (nor the letter
	// that would announce it): session.Deliberer says why.
	hors := ""
	if undecided == "" && rc.HorsEnregistrement != "" {
		hors = upperFirst(rc.HorsEnregistrement)
	}
	valide := map[string]bool{}
	for _, b := range rc.Valides() {
		valide[b.Lettre] = true
	}
	for bi := range r.Blocs {
		b := &r.Blocs[bi]
		ref := Ref{Kind: KindAttestation, Bloc: b.Lettre}
		switch {
		case undecided != "":
			refuse(ref, undecided, "Une attestation")
		case hors != "" && valide[b.Lettre]:
			refuse(ref, "%s", hors)
		case !valide[b.Lettre]:
			refuse(ref, "Le bloc %s n’a pas été validé par le jury pour le candidat %s dans cette session\u00a0: pas d’attestation.", b.Lettre, c.Numero)
		default:
			out = append(out, Item{Ref: ref, make: func() Document { return Attestation(r, s, b, c, v, p) }})
		}
	}
	ref := Ref{Kind: KindParchemin}
	switch {
	case undecided != "":
		refuse(ref, undecided, "Un parchemin")
	case hors != "":
		refuse(ref, "%s", hors)
	case rc.Resultat != session.Totale:
		refuse(ref, "Le candidat %s ne détient pas tous les blocs (résultat\u00a0: %s)\u00a0: pas de parchemin.", c.Numero, rc.Resultat)
	default:
		out = append(out, Item{Ref: ref, make: func() Document { return Parchemin(r, s, c, v, p) }})
	}
	ref = Ref{Kind: KindNotification}
	switch {
	case undecided != "":
		refuse(ref, undecided, "Une notification des résultats")
	case hors != "":
		refuse(ref, "%s", hors)
	default:
		out = append(out, Item{Ref: ref, make: func() Document { return Notification(r, s, rc, p) }})
	}
	return out
}

// CandidateDocument describes the document ref of one candidate, or returns
// a *NonDelivrableError saying why the candidate has none.
func CandidateDocument(r *referentiel.Referentiel, s *session.Session, d *session.Resultats, rc *session.ResultatCandidat, ref Ref, v *verification.Verifier, p *certificateur.Profil) (Document, error) {
	for _, it := range Catalogue(r, s, d, rc, v, p) {
		if it.Ref == ref {
			if it.Err != nil {
				return Document{}, it.Err
			}
			return it.Document(), nil
		}
	}
	return Document{}, &NonDelivrableError{Ref: ref, Motif: fmt.Sprintf("Le référentiel %s ne prévoit pas de document «\u00a0%s\u00a0».", r.Certification.CodeRNCP, ref)}
}
