package registre

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"certidoc/fr"
	"certidoc/referentiel"
	"certidoc/session"
)

// Closing is a session on record: one version of its content and the
// documents issued from it.
type Closing struct {
	Session            string    `json:"session"`
	Version            int       `json:"version"`
	Empreinte          string    `json:"empreinte"` // SHA-256 of the snapshot
	ReferentielCode    string    `json:"referentiel_code"`
	ReferentielVersion string    `json:"referentiel_version"`
	DateDeliberation   string    `json:"date_deliberation"`
	ClotureeLe         time.Time `json:"cloturee_le"`
	Requete            string    `json:"requete"`
	Motif              string    `json:"motif,omitempty"` // the rectification's reason
	Documents          []Entry   `json:"documents,omitempty"`
	// Nouvelle is true when this call recorded the closing; false when the
	// same content was already on record.
	Nouvelle bool `json:"nouvelle"`
	// Contenu is the snapshot of the session file (JSON).
	Contenu []byte `json:"-"`
	// Profil is the SHA-256 of the certifier's profile in force at the
	// closing (Registre.Profil reads it), "" for none.
	Profil string `json:"profil,omitempty"`
	profil *Profil
}

// Request is who asks and why: the request id goes to the journal.
type Request struct {
	ID    string // request id (X-Request-Id) or "cli"
	Motif string // a rectification's reason, a revocation's reason
}

// ReferentielVersion is the version of a référentiel as the registre
// records it (referentiel.Referentiel.Version).
func ReferentielVersion(ref *referentiel.Referentiel) string { return ref.Version() }

// Entries lists the documents a deliberated session issues, as the
// deliberation gives them (session.Resultats.Delivrances): an attestation per bloc validated this session, a
// parchemin for each holder of the whole certification. Codes are left
// empty.
func Entries(ref *referentiel.Referentiel, s *session.Session, d *session.Resultats) []Entry {
	delivrance := s.Session.Delivrance()
	signataire := strings.TrimSpace(s.Signataire.Nom)
	if s.Signataire.Qualite != "" {
		signataire += " (" + s.Signataire.Qualite + ")"
	}
	var out []Entry
	for i := range d.Candidats {
		rc := &d.Candidats[i]
		c := rc.Candidat
		base := Entry{Session: s.Session.Identifiant, Candidat: c.Numero, Civilite: string(c.Civilite), NomNaissance: c.NomNaissance,
			NomUsage: c.NomUsage, Prenoms: c.Prenoms, DateNaissance: c.Naissance.Date.String(), Titulaire: c.Civilite.Long() + " " + c.NomComplet(),
			Certification: ref.Certification.CodeRNCP, DateDecision: s.Session.Deliberation.Date.String(), DateDelivrance: delivrance.String(), Signataire: signataire}
		for _, dl := range d.Delivrances(s, rc) {
			e := base
			e.Nature, e.Numero = Parchemin, dl.Numero
			if dl.Bloc != nil {
				e.Nature, e.Bloc = Attestation, dl.Bloc.Code
			}
			out = append(out, e)
		}
	}
	return out
}

// snapshotOf is the JSON a closing records of a session. The session's
// certification is left out: the closing records it in its own column
// (ReferentielCode), and a session is the same content whether it names
// its certification or leaves it to the default, as sessions closed before
// it could name one did.
func snapshotOf(s *session.Session) ([]byte, error) {
	c := *s
	c.Certification = ""
	return json.Marshal(&c)
}

// SameContent tells whether s is the content on record in c.
func SameContent(c *Closing, s *session.Session) (bool, error) {
	snapshot, err := snapshotOf(s)
	if err != nil {
		return false, fmt.Errorf("snapshot session: %w", err)
	}
	sum := sha256.Sum256(snapshot)
	return hex.EncodeToString(sum[:]) == c.Empreinte, nil
}

// Cloturer records a valid session whose every decision is taken, with one
// entry per attestation and parchemin, in one transaction. The same content
// again returns what is on record; other content for a closed session is
// refused (ErrConflict) unless req.Motif gives the rectification's reason,
// which records a new version: entries whose facts did not change keep their
// code, the others are replaced and their old codes answer "révoqué". A
// number once revoked stays revoked in every version (its new code too).
func (r *Registre) Cloturer(ctx context.Context, ref *referentiel.Referentiel, s *session.Session, req Request) (*Closing, error) {
	return r.CloturerProfil(ctx, ref, s, nil, req)
}

// CloturerProfil is Cloturer recording with the closing the certifier's
// profile p in force (nil for none): the closing's documents made again
// later (dossier, duplicata) are made with it, whatever the profile then.
// A session closed again with the same content keeps the profile of its
// first closing.
func (r *Registre) CloturerProfil(ctx context.Context, ref *referentiel.Referentiel, s *session.Session, p *Profil, req Request) (_ *Closing, err error) {
	d := session.Deliberer(ref, s)
	if d.Preparatoire {
		var waiting []string
		for _, rc := range d.Candidats {
			if rc.Resultat == session.EnAttente {
				waiting = append(waiting, rc.Candidat.Numero)
			}
		}
		who := "candidats"
		if len(waiting) == 1 {
			who = "candidat"
		}
		return nil, newError(ErrUndecided, nil, "la session %s ne peut être clôturée\u00a0: le jury n’a pas pris toutes ses décisions (%s %s)", s.Session.Identifiant, who, strings.Join(waiting, ", "))
	}
	if err := checkMotif(strings.TrimSpace(req.Motif)); err != nil {
		return nil, err
	}
	snapshot, err := snapshotOf(s)
	if err != nil {
		return nil, fmt.Errorf("snapshot session: %w", err)
	}
	sum := sha256.Sum256(snapshot)
	c := &Closing{Session: s.Session.Identifiant, Empreinte: hex.EncodeToString(sum[:]), ReferentielCode: ref.Certification.CodeRNCP,
		ReferentielVersion: ReferentielVersion(ref), DateDeliberation: s.Session.Deliberation.Date.String(), Requete: req.ID,
		Motif: strings.TrimSpace(req.Motif), Contenu: snapshot, profil: p}
	entries := Entries(ref, s, d)
	ctx, w := r.watch(ctx)
	defer w.end(&err)
	// Two instances closing the same session at once: the second one's
	// insert fails on the primary key, and it reads what the first recorded.
	for range 3 {
		err = r.inTx(ctx, func(tx watchedTx) error { return r.cloturer(ctx, tx, c, entries) })
		if !errors.Is(err, errUnique) {
			break
		}
	}
	if errors.Is(err, errUnique) {
		return nil, newError(ErrConflict, err, "la session %s n’a pu être enregistrée\u00a0: un de ses numéros de document est déjà enregistré pour une autre session (identifiants de session trop proches)", c.Session)
	}
	if err != nil {
		return nil, err
	}
	return c, nil
}

func (r *Registre) cloturer(ctx context.Context, tx watchedTx, c *Closing, entries []Entry) error {
	c.Nouvelle, c.Documents = false, nil
	if err := r.lockSession(ctx, tx, c.Session); err != nil {
		return err
	}
	last, err := latest(ctx, tx, c.Session)
	switch {
	case errors.Is(err, ErrNotFound):
		c.Version = 1
	case err != nil:
		return err
	case last.Empreinte == c.Empreinte:
		*c = *last
		c.Documents, err = current(ctx, tx, c.Session)
		return err
	case c.Motif == "":
		return newError(ErrConflict, nil, "la session %s est déjà clôturée (version %d du %s) avec un autre contenu\u202f; pour la rectifier, donnez le motif (--rectification \"motif\")",
			c.Session, last.Version, fr.DateOf(last.ClotureeLe.In(fr.Paris())).Longue())
	default:
		c.Version = last.Version + 1
	}
	c.ClotureeLe, c.Nouvelle = r.now().UTC().Truncate(time.Second), true
	if c.Profil, err = saveProfil(ctx, tx, c.profil); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (identifiant, version, empreinte, contenu, referentiel_code, referentiel_version, date_deliberation, cloturee_le, requete, motif, profil)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		c.Session, c.Version, c.Empreinte, string(c.Contenu), c.ReferentielCode, c.ReferentielVersion, c.DateDeliberation, stamp(c.ClotureeLe), c.Requete, c.Motif, c.Profil); err != nil {
		return classify(err)
	}
	old := map[string]Entry{}
	revoked := map[string]Entry{}
	if c.Version > 1 {
		prev, err := current(ctx, tx, c.Session)
		if err != nil {
			return err
		}
		for _, e := range prev {
			old[e.Numero] = e
		}
		if revoked, err = revocations(ctx, tx, c.Session); err != nil {
			return err
		}
	}
	motif := "rectification de la session\u00a0: " + c.Motif
	for _, e := range entries {
		e.Session, e.Version = c.Session, c.Version
		if o, ok := old[e.Numero]; ok {
			delete(old, e.Numero)
			if o.sameFacts(e) {
				if _, err := tx.ExecContext(ctx, `UPDATE documents SET version = $1 WHERE code = $2`, c.Version, o.Code); err != nil {
					return classify(err)
				}
				o.Version = c.Version
				c.Documents = append(c.Documents, o)
				continue
			}
			if err := replace(ctx, tx, o, c.ClotureeLe, motif); err != nil {
				return err
			}
		}
		e.Code = newCode()
		revoque := ""
		if rv, ok := revoked[e.Numero]; ok { // a number once revoked stays revoked
			e.RevoqueLe, e.Motif, revoque = rv.RevoqueLe, rv.Motif, stamp(rv.RevoqueLe)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO documents (`+entryColumns+`, recherche)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 0, $18, $19, $20)`,
			e.Code, e.Numero, e.Session, e.Version, e.Nature, e.Candidat, e.Civilite, e.NomNaissance, e.NomUsage, e.Prenoms,
			e.DateNaissance, e.Titulaire, e.Certification, e.Bloc, e.DateDecision, e.DateDelivrance, e.Signataire,
			revoque, e.Motif, fold(e.NomNaissance+" "+e.NomUsage+" "+e.Prenoms)); err != nil {
			return classify(err)
		}
		c.Documents = append(c.Documents, e)
		answered(ctx)
	}
	for _, o := range old { // documents the rectified session no longer issues
		if err := replace(ctx, tx, o, c.ClotureeLe, motif); err != nil {
			return err
		}
	}
	action := "cloture"
	if c.Version > 1 {
		action = "rectification"
	}
	return journal(ctx, tx, c.ClotureeLe, action, c.Session, "", c.Requete, c.Motif)
}

// replace marks an entry replaced by a rectification; its code answers
// "révoqué" with the rectification's reason.
func replace(ctx context.Context, tx watchedTx, e Entry, at time.Time, motif string) error {
	if !e.Revoque() {
		e.RevoqueLe, e.Motif = at, motif
	}
	_, err := tx.ExecContext(ctx, `UPDATE documents SET remplace = 1, revoque_le = $1, motif_revocation = $2 WHERE code = $3`, stamp(e.RevoqueLe), e.Motif, e.Code)
	return classify(err)
}

// revocations returns the revocations of the numbers a session ever
// issued, by number (RevoqueLe and Motif set).
func revocations(ctx context.Context, q querier, id string) (map[string]Entry, error) {
	rows, err := q.QueryContext(ctx, `SELECT numero, le, motif FROM revocations WHERE numero IN (SELECT numero FROM documents WHERE session = $1)`, id)
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	out := map[string]Entry{}
	for rows.Next() {
		var e Entry
		var le string
		if err := rows.Scan(&e.Numero, &le, &e.Motif); err != nil {
			return nil, classify(err)
		}
		e.RevoqueLe = unstamp(le)
		out[e.Numero] = e
	}
	return out, classify(rows.Err())
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

const closingColumns = `identifiant, version, empreinte, contenu, referentiel_code, referentiel_version, date_deliberation, cloturee_le, requete, motif, profil`

func scanClosing(s scanner) (*Closing, error) {
	c := &Closing{}
	var contenu, at string
	err := s.Scan(&c.Session, &c.Version, &c.Empreinte, &contenu, &c.ReferentielCode, &c.ReferentielVersion, &c.DateDeliberation, &at, &c.Requete, &c.Motif, &c.Profil)
	c.Contenu, c.ClotureeLe = []byte(contenu), unstamp(at)
	return c, err
}

// latest returns the last version of a closed session, or ErrNotFound.
func latest(ctx context.Context, q querier, id string) (*Closing, error) {
	c, err := scanClosing(q.QueryRowContext(ctx, `SELECT `+closingColumns+` FROM sessions WHERE identifiant = $1 ORDER BY version DESC LIMIT 1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, newError(ErrNotFound, nil, "la session «\u00a0%s\u00a0» n’est pas clôturée dans le registre", id)
	}
	return c, classify(err)
}

// current returns the current entries of a session, in number order.
func current(ctx context.Context, q querier, id string) ([]Entry, error) {
	return entries(ctx, q, `SELECT `+entryColumns+` FROM documents WHERE session = $1 AND remplace = 0 ORDER BY numero`, id)
}

func entries(ctx context.Context, q querier, query string, args ...any) ([]Entry, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, classify(err)
		}
		out = append(out, e)
		answered(ctx)
	}
	return out, classify(rows.Err())
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// journal records who (the request id) did what, when and why.
func journal(ctx context.Context, x execer, at time.Time, action, sess, numero, requete, motif string) error {
	_, err := x.ExecContext(ctx, `INSERT INTO journal (quand, action, session, numero, requete, motif) VALUES ($1, $2, $3, $4, $5, $6)`,
		stamp(at), action, sess, numero, requete, motif)
	return classify(err)
}
