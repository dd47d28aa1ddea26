package main

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"certidoc/documents"
	"certidoc/fr"
	"certidoc/generator"
	"certidoc/session"
)

const convocationsHelp = `certidoc convocations — écrit les documents d’avant le jury dans une archive
ZIP : le planning de la session, la feuille d’émargement de chaque séance, la
convocation de chaque candidat à ses épreuves et celle de chaque membre du jury
à la délibération. La session doit avoir un planning (champ planning, ou
feuille Planning du classeur). Avec --certificateur, les documents portent le
logo, la couleur et l’identité du profil ; la signature et le cachet ne sont
imprimés que sur les convocations, et seulement si le profil le dit
(signature_sur) : jamais sur les feuilles d’émargement, signées à la main.

Exemple :
  certidoc convocations --session testdata/session-exemple.json --out avant-session.zip
`

func runConvocations(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("convocations", convocationsHelp, stdout)
	sessPath := sessionFlag(fs, "la session, avec son planning (obligatoire)")
	out := fs.String("out", "", "archive ZIP à écrire (obligatoire), par exemple avant-session.zip")
	format := formatFlag(fs, "format des documents\u00a0: pdf, docx, ou pdf,docx")
	delai := fs.String("delai-convocation", envOr(getenv, "CERTIDOC_DELAI_CONVOCATION", strconv.Itoa(DelaiConvocation)),
		"jours au moins entre l’envoi des convocations et chaque séance (variable CERTIDOC_DELAI_CONVOCATION)")
	modelePath := modeleFlag(fs, getenv)
	profilPath := certificateurFlag(fs, getenv)
	refPath := referentielFlag(fs, getenv)
	if err := parse(fs, args); err != nil {
		return err
	}
	var c checks
	c.require(*sessPath, "--session", sessionFile)
	c.require(*out, "--out", "l’archive ZIP à écrire")
	formats, err := parseFormats(*format)
	c.check(err)
	jours, err := parseDelai(*delai)
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
	ref, s, rep, err := loadSession(refPath, *sessPath, stderr)
	if err != nil {
		return err
	}
	if s.Planning == nil {
		return fmt.Errorf("session %s\u00a0: pas de planning\u00a0: décrivez les séances (champ planning, ou feuille Planning du classeur) pour faire les convocations", *sessPath)
	}
	envoi := fr.DateOf(now().In(fr.Paris()))
	warnings := append(rep.Avertissements, session.DelaiConvocation(s, envoi, jours)...)
	warnings = append(warnings, profil.Avertissements(s)...)
	s = profil.Appliquer(s)
	for _, w := range warnings {
		fmt.Fprintf(stderr, "avertissement – %s\n", w)
	}
	if d := s.Planning.DateConvocation; d.Valid() {
		envoi = d
	}
	total := documents.AvantSessionCount(s) * len(formats)
	bar := newProgress(stderr, total)
	if err := writeFile(*out, func(w io.Writer) error {
		return generator.Zip(ctx, w, documents.AvantSession(ref, s, warnings, envoi, profil), formats, generator.Options{Now: now(), Modele: modele, Habillage: habillage}, 0, bar.update)
	}); err != nil {
		bar.finish()
		return err
	}
	bar.finish()
	fmt.Fprintf(stdout, "%s\u00a0: %s, %s, %s\n", *out, fr.Nombre(total, "document", "documents"),
		fr.Nombre(len(s.Planning.Seances), "séance", "séances"), fr.Nombre(len(s.Candidats), "candidat convoqué", "candidats convoqués"))
	if len(warnings) > 0 {
		fmt.Fprintf(stdout, "%s à la racine de l’archive\u00a0: %s à lire avant d’envoyer\n", documents.AvertissementsName, fr.Nombre(len(warnings), "point", "points"))
	}
	return nil
}

// DelaiConvocation is the default of --delai-convocation: the days at least
// between the convocations and a sitting.
const DelaiConvocation = 15

// parseDelai reads --delai-convocation: whole days, 0 to 365.
func parseDelai(v string) (int, error) {
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > 365 {
		return 0, fmt.Errorf("--delai-convocation «\u00a0%s\u00a0»\u00a0: attendu un nombre de jours de 0 à 365", v)
	}
	return n, nil
}
