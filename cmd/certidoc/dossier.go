package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"certidoc/classeur"
	"certidoc/documents"
	"certidoc/fr"
	"certidoc/generator"
	"certidoc/referentiel"
	"certidoc/session"
)

const dossierHelp = `certidoc dossier — écrit tous les documents d’une session dans une archive ZIP :
le procès-verbal, et pour chaque candidat ses grilles complétées, ses attestations
de bloc, son parchemin et sa lettre de notification.

Exemple :
  certidoc dossier --session testdata/session-exemple.json --out dossier.zip
`

const validerHelp = `certidoc valider — vérifie une session sans rien produire : affiche chaque
problème (avec son chemin dans le fichier) et chaque avertissement, et sort en
erreur s’il y a un problème.

Exemple :
  certidoc valider --session testdata/session-exemple.json
`

func runDossier(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("dossier", dossierHelp, stdout)
	sessPath := sessionFlag(fs, "la session (obligatoire)")
	out := fs.String("out", "", "archive ZIP à écrire (obligatoire), par exemple dossier.zip")
	format := formatFlag(fs, "format des documents\u00a0: pdf, docx, ou pdf,docx")
	modelePath := modeleFlag(fs, getenv)
	profilPath := certificateurFlag(fs, getenv)
	refPath := referentielFlag(fs, getenv)
	verif := verifierFlags(fs, getenv, "")
	if err := parse(fs, args); err != nil {
		return err
	}
	var c checks
	verifier, err := verif()
	c.check(err)
	if verifier != nil && verifier.URL == "" {
		c.add("--url-publique est obligatoire avec --cle-verification\u00a0: l’adresse où mèneront les QR codes")
	}
	c.require(*sessPath, "--session", sessionFile)
	c.require(*out, "--out", "l’archive ZIP à écrire")
	formats, err := parseFormats(*format)
	c.check(err)
	now := c.clock(getenv)
	if err := c.err(); err != nil {
		return err
	}
	modele, err := loadModele(*modelePath)
	if err != nil {
		return err
	}
	profil, habillage, err := loadCertificateur(*profilPath)
	if err != nil {
		return err
	}
	ref, s, rep, d, err := deliberate(refPath, *sessPath, stderr)
	if err != nil {
		return err
	}
	for _, w := range profil.Avertissements(s) {
		fmt.Fprintf(stderr, "avertissement – %s\n", w)
		rep.Avertissements = append(rep.Avertissements, w)
	}
	s = profil.Appliquer(s)
	total := documents.DossierCount(ref, s, d) * len(formats)
	bar := newProgress(stderr, total)
	if err := writeFile(*out, func(w io.Writer) error {
		return generator.Zip(ctx, w, documents.Dossier(ref, s, d, rep.Avertissements, verifier, profil), formats, generator.Options{Now: now(), Modele: modele, Habillage: habillage}, 0, bar.update)
	}); err != nil {
		bar.finish()
		return err
	}
	bar.finish()
	kind := "définitif"
	if d.Preparatoire {
		kind = "préparatoire (décisions du jury à prendre)"
	}
	fmt.Fprintf(stdout, "%s\u00a0: %s pour %s, procès-verbal %s\n", *out, fr.Nombre(total, "document", "documents"), fr.Nombre(len(s.Candidats), "candidat", "candidats"), kind)
	if n := len(ref.AVerifierFaits()) + len(d.Problemes) + len(rep.Avertissements); n > 0 {
		fmt.Fprintf(stdout, "%s à la racine de l’archive\u00a0: %s à lire avant d’imprimer\n", documents.AvertissementsName, fr.Nombre(n, "point", "points"))
	}
	return nil
}

func runValider(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("valider", validerHelp, stdout)
	sessPath := sessionFlag(fs, "la session (obligatoire)")
	refPath := referentielFlag(fs, getenv)
	if err := parse(fs, args); err != nil {
		return err
	}
	var c checks
	c.require(*sessPath, "--session", sessionFile)
	if err := c.err(); err != nil {
		return err
	}
	ref, s, rep, err := loadSession(refPath, *sessPath, stderr)
	if err != nil {
		return err
	}
	d := session.Deliberer(ref, s)
	faits := ref.AVerifierFaits()
	if len(d.Problemes) > 0 {
		fmt.Fprintf(stdout, "%s\u00a0: session %s, %s\u00a0: %s, %s.\n", *sessPath, s.Session.Identifiant, fr.Nombre(len(s.Candidats), "candidat", "candidats"),
			fr.Nombre(len(d.Problemes), "problème", "problèmes"), fr.Nombre(len(rep.Avertissements)+len(faits), "avertissement", "avertissements"))
	} else {
		fmt.Fprintf(stdout, "%s\u00a0: session %s valide, %s, %s.\n", *sessPath, s.Session.Identifiant, fr.Nombre(len(s.Candidats), "candidat", "candidats"),
			fr.Nombre(len(rep.Avertissements)+len(faits), "avertissement", "avertissements"))
	}
	for _, f := range faits {
		fmt.Fprintf(stdout, "  à vérifier – %s\u00a0: %s\n", f.Champ, f.Message)
	}
	for _, p := range d.Problemes {
		fmt.Fprintf(stdout, "  problème – %s\n", p)
	}
	for _, w := range rep.Avertissements {
		fmt.Fprintf(stdout, "  avertissement – %s\n", w)
	}
	if len(d.Problemes) > 0 {
		return fmt.Errorf("session %s\u00a0: %s\u202f; le procès-verbal et les grilles peuvent être produits, pas les attestations, parchemins ni lettres des candidats nommés",
			*sessPath, fr.Nombre(len(d.Problemes), "problème", "problèmes"))
	}
	return nil
}

// loadSession reads and validates a session; its problems come back as one
// error listing each of them.
func loadSession(opts *refOptions, path string, stderr io.Writer) (*referentiel.Referentiel, *session.Session, *session.Report, error) {
	ens, err := opts.ensemble()
	if err != nil {
		return nil, nil, nil, err
	}
	if _, err := opts.choose(ens); err != nil {
		return nil, nil, nil, err
	}
	return readSession(ens, *opts.code, path)
}

// readSession reads the session file (JSON or workbook) under the
// référentiel it names among ens (code's when given); its problems make
// one error listing them all.
func readSession(ens *referentiel.Ensemble, code, path string) (*referentiel.Referentiel, *session.Session, *session.Report, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, nil, nil, fmt.Errorf("session %s\u00a0: fichier introuvable", path)
		}
		return nil, nil, nil, fmt.Errorf("session %s\u00a0: lecture impossible (%v)", path, errors.Unwrap(err))
	}
	ref, s, rep, err := classeur.LoadFrom(data, ens, code, generator.Font(), classeur.DefaultLimits())
	var report *session.Report
	if errors.As(err, &report) {
		var b strings.Builder
		fmt.Fprintf(&b, "session %s\u00a0: %s à corriger, aucun document produit", path, fr.Nombre(report.Total(), "problème", "problèmes"))
		for _, p := range report.Problemes {
			b.WriteString("\n  - " + p.String())
		}
		return nil, nil, nil, errors.New(b.String())
	}
	if err != nil {
		return nil, nil, nil, fmt.Errorf("session %s\u00a0: %v", path, err)
	}
	return ref, s, rep, nil
}

// deliberate loads a session, prints its warnings and computes its
// proposals and results: what every command making documents starts with.
func deliberate(opts *refOptions, sessPath string, stderr io.Writer) (*referentiel.Referentiel, *session.Session, *session.Report, *session.Resultats, error) {
	ref, s, rep, err := loadSession(opts, sessPath, stderr)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	d := session.Deliberer(ref, s)
	printWarnings(stderr, ref, rep, d)
	return ref, s, rep, d, nil
}

func printWarnings(w io.Writer, ref *referentiel.Referentiel, rep *session.Report, d *session.Resultats) {
	for _, a := range rep.Avertissements {
		fmt.Fprintf(w, "avertissement – %s\n", a)
	}
	for _, a := range ref.Avertissements() {
		fmt.Fprintf(w, "avertissement – %s\n", a)
	}
	for _, p := range d.Problemes {
		fmt.Fprintf(w, "problème – %s\n", p)
	}
}

// parseFormats reads "pdf" or a comma-separated list such as "pdf,docx";
// each format counts once ("pdf,pdf" is "pdf").
func parseFormats(s string) ([]generator.Format, error) {
	var out []generator.Format
	for _, part := range strings.Split(s, ",") {
		f, err := generator.ParseFormat(part)
		if err != nil {
			return nil, fmt.Errorf("--format «\u00a0%s\u00a0» inconnu\u00a0: attendu %s", part, formatList())
		}
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out, nil
}

func formatList() string {
	names := make([]string, len(generator.Formats))
	for i, f := range generator.Formats {
		names[i] = string(f)
	}
	return strings.Join(names, ", ")
}
