package registre

import "context"

// Etat is what the readiness route says of a registre that answers.
type Etat struct {
	Moteur   string `json:"moteur"`   // sqlite or postgresql
	Schema   int    `json:"schema"`   // the last migration applied
	Sessions int    `json:"sessions"` // the sessions closed, each counted once
}

// Etat reads the registre's state within the delay: an answer means the
// database answers queries now; ErrUnavailable means it does not.
func (r *Registre) Etat(ctx context.Context) (_ Etat, err error) {
	ctx, w := r.watch(ctx)
	defer w.end(&err)
	e := Etat{Moteur: "sqlite"}
	if r.postgres {
		e.Moteur = "postgresql"
	}
	err = r.db.QueryRowContext(ctx, `SELECT (SELECT coalesce(max(version), 0) FROM schema_migrations), (SELECT count(DISTINCT identifiant) FROM sessions)`).Scan(&e.Schema, &e.Sessions)
	return e, classify(err)
}
