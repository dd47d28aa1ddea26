// Package documents describes each document of the project once, in a
// format-neutral form: a Document is a list of blocks (headings, facts,
// tables, check boxes, writing spaces, signature blocks, verification
// codes) with sizes in millimetres. Package generator renders a Document to
// PDF and to DOCX without knowing which document it is.
//
// One file per document: grille.go (the evaluation grid, blank or
// completed), pv.go (the jury's procès-verbal), attestation.go,
// parchemin.go, notification.go. catalogue.go says which documents exist:
// the kinds of document and, for a candidate, which ones they are entitled
// to or why not (ErrNonDelivrable); dossier.go lists a session's dossier
// from it. french.go writes a candidate's identity and agreements in the
// documents' words; verification.go draws the verification block of a
// verification.Verifier; signature.go lays signature blocks out (where
// each block goes, what it says) for every writer; avertissements.go writes
// the dossier's AVERTISSEMENTS.txt. Every word a reader sees comes from
// here, labels included: the writers add none. Dates, hours and file names
// are written by package fr; the base Word document of DOCX files is in
// package templates.
//
// Naming: domain nouns are French, as the users say them (Grille, Candidat,
// Bloc, Attestation); technical verbs and nouns are English (Render, Entry,
// Kind).
package documents
