// Package registre keeps what the certifier issued: the sessions closed after
// deliberation (a snapshot of the session file and the référentiel's code and
// version), one entry per attestation and parchemin with its short
// verification code, revocations, duplicatas, the holders reported to the
// Caisse des Dépôts, and a journal of who did what, when and why.
//
// The same store runs on an embedded SQLite file (modernc.org/sqlite, pure
// Go, so the binary stays static) or on PostgreSQL (jackc/pgx v5) for several
// instances; both get the same embedded migrations at Open and the same SQL.
// Closing a session is one transaction: a session is recorded whole or not
// at all.
//
// Every call has a deadline (deadline.go): a database silent for
// Config.QueryTimeout makes the call fail with ErrUnavailable, nothing half
// recorded; Etat says whether the database answers, for the readiness probe.
//
// Naming, as in every package: domain nouns are French, as the users say
// them (Registre, Session, and the acts Cloturer, Revoquer, Declarer);
// technical verbs and nouns are English (Open, Lookup, Verify, Entry,
// Snapshot).
package registre
