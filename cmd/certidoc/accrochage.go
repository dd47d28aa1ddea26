package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"certidoc/accrochage"
	"certidoc/fr"
	"certidoc/reedition"
	"certidoc/registre"
)

const accrochageHelp = `certidoc accrochage — écrit le fichier XML des titulaires de la certification à
déclarer à la Caisse des Dépôts (accrochage), pour la session donnée. Avant
d’écrire, vérifie l’identité de chaque titulaire et liste tout ce qu’il faut
corriger.

Avec --registre, les titulaires sont ceux du registre dont la délibération tombe
entre --du et --au (parchemins non révoqués) ; le registre note alors quel
titulaire est parti dans quel flux (idFlux), et quand.

Exemples :
  certidoc accrochage --session session.json --out flux.xml \
    --accrochage-id-client AB12CD34 --accrochage-id-contrat CTR-0001
  certidoc accrochage --registre --du 2022-11-01 --au 2022-11-30 --out flux.xml \
    --accrochage-id-client AB12CD34 --accrochage-id-contrat CTR-0001
`

// accrochageFlags declares the CDC settings on a flag set.
func accrochageFlags(fs *flag.FlagSet, getenv func(string) string) func() accrochage.Config {
	id := fs.String("accrochage-id-client", getenv("CERTIDOC_ACCROCHAGE_ID_CLIENT"), "identifiant client du certificateur à la Caisse des Dépôts, 8 caractères (CERTIDOC_ACCROCHAGE_ID_CLIENT)")
	contrat := fs.String("accrochage-id-contrat", getenv("CERTIDOC_ACCROCHAGE_ID_CONTRAT"), "identifiant du contrat du certificateur (CERTIDOC_ACCROCHAGE_ID_CONTRAT)")
	typ := fs.String("accrochage-type", envOr(getenv, "CERTIDOC_ACCROCHAGE_TYPE", "RNCP"), "type de la certification pour la Caisse des Dépôts (CERTIDOC_ACCROCHAGE_TYPE)")
	version := fs.String("accrochage-version", envOr(getenv, "CERTIDOC_ACCROCHAGE_VERSION", accrochage.Versions[0]), "version du schéma XSD (CERTIDOC_ACCROCHAGE_VERSION)")
	return func() accrochage.Config {
		return accrochage.Config{IDClient: *id, IDContrat: *contrat, Type: *typ, Version: *version}
	}
}

func runAccrochage(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("accrochage", accrochageHelp, stdout)
	sessPath := sessionFlag(fs, "la session (obligatoire)")
	out := fs.String("out", "", "fichier XML à écrire (obligatoire), par exemple flux.xml")
	refPath := referentielFlag(fs, getenv)
	config := accrochageFlags(fs, getenv)
	fromRegistre := fs.Bool("registre", false, "les titulaires du registre (avec --du et --au) plutôt que ceux d’une session")
	du := fs.String("du", "", "avec --registre\u00a0: première date de délibération, AAAA-MM-JJ")
	au := fs.String("au", "", "avec --registre\u00a0: dernière date de délibération, AAAA-MM-JJ")
	openReg := registreFlags(fs, getenv)
	if err := parse(fs, args); err != nil {
		return err
	}
	cfg := config()
	var c checks
	var period [2]fr.Date // --du, --au
	if *fromRegistre {
		for i, d := range []struct{ flag, v string }{{"--du", *du}, {"--au", *au}} {
			var err error
			if period[i], err = fr.ParseDate(d.v); err != nil {
				c.add("%s «\u00a0%s\u00a0»\u00a0: attendu une date AAAA-MM-JJ", d.flag, d.v)
			}
		}
		if *sessPath != "" {
			c.add("--session et --registre s’excluent\u00a0: les titulaires viennent de l’un ou de l’autre")
		}
	} else {
		c.require(*sessPath, "--session", sessionFile)
	}
	c.require(*out, "--out", "le fichier XML à écrire")
	if !cfg.Configured() {
		c.add("--accrochage-id-client et --accrochage-id-contrat sont obligatoires (identifiants du certificateur à la Caisse des Dépôts)")
	} else {
		c.check(cfg.Validate())
	}
	now := c.clock(getenv)
	if err := c.err(); err != nil {
		return err
	}
	if *fromRegistre {
		return accrochageRegistre(ctx, openReg.open, refPath, period[0].String(), period[1].String(), *out, cfg, now(), stdout)
	}
	ref, s, _, d, err := deliberate(refPath, *sessPath, stderr)
	if err != nil {
		return err
	}
	if p := accrochage.Check(s, d); len(p) > 0 {
		var b strings.Builder
		fmt.Fprintf(&b, "accrochage\u00a0: %s d’identité à corriger avant l’envoi, aucun fichier écrit", fr.Nombre(len(p), "problème", "problèmes"))
		for _, x := range p {
			b.WriteString("\n  - " + x.String())
		}
		return errors.New(b.String())
	}
	t := now()
	if err := writeFile(*out, func(w io.Writer) error {
		return accrochage.Write(w, cfg, ref, s, d, t, accrochage.NewFluxID(t))
	}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s\u00a0: %s de la certification\n", *out, fr.Nombre(len(accrochage.Holders(d)), "titulaire", "titulaires"))
	return nil
}

// accrochageRegistre writes the flux of the registre's holders of a period
// and records, in the registre, which holder went in which flux.
func accrochageRegistre(ctx context.Context, openReg func(context.Context, func() time.Time) (*registre.Registre, error), refPath *refOptions, du, au, out string, cfg accrochage.Config, t time.Time, stdout io.Writer) error {
	ref, err := refPath.referentiel()
	if err != nil {
		return err
	}
	reg, err := openReg(ctx, time.Now)
	if err != nil {
		return err
	}
	defer reg.Close()
	lots, numeros, err := reedition.Accrochage(ctx, reg, ref, du, au)
	if err != nil {
		return err
	}
	if len(numeros) == 0 {
		return fmt.Errorf("accrochage\u00a0: aucun titulaire au registre délibéré du %s au %s", du, au)
	}
	var problems []string
	for _, l := range lots {
		for _, p := range accrochage.Check(l.Session, l.Resultats) {
			problems = append(problems, "session "+l.Session.Session.Identifiant+", "+p.String())
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("accrochage\u00a0: %s d’identité à corriger avant l’envoi, aucun fichier écrit\n  - %s", fr.Nombre(len(problems), "problème", "problèmes"), strings.Join(problems, "\n  - "))
	}
	id := accrochage.NewFluxID(t)
	if err := writeFile(out, func(w io.Writer) error { return accrochage.WriteLots(w, cfg, ref, lots, t, id) }); err != nil {
		return err
	}
	if err := reg.Declarer(ctx, numeros, id, registre.Request{ID: "cli"}); err != nil {
		return fmt.Errorf("%s écrit, mais le registre n’a pu noter l’envoi\u00a0: %w", out, err)
	}
	fmt.Fprintf(stdout, "%s\u00a0: %s de %s, flux %s noté au registre\n", out, fr.Nombre(len(numeros), "titulaire", "titulaires"), fr.Nombre(len(lots), "session", "sessions"), id)
	return nil
}
