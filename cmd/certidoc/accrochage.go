package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"certidoc/accrochage"
)

const accrochageHelp = `certidoc accrochage — écrit le fichier XML des titulaires de la certification à
déclarer à la Caisse des Dépôts (accrochage), pour la session donnée. Avant
d’écrire, vérifie l’identité de chaque titulaire et liste tout ce qu’il faut
corriger.

Exemple :
  certidoc accrochage --session session.json --out flux.xml \
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

func runAccrochage(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("accrochage", accrochageHelp, stdout)
	sessPath := fs.String("session", "", "la session : fichier JSON ou classeur de saisie rempli (obligatoire)")
	out := fs.String("out", "", "fichier XML à écrire (obligatoire), par exemple flux.xml")
	refPath := fs.String("referentiel", getenv("CERTIDOC_REFERENTIEL"), "fichier de référentiel (par défaut, celui intégré)")
	config := accrochageFlags(fs, getenv)
	if err := parse(fs, args); err != nil {
		return err
	}
	cfg := config()
	var c checks
	c.require(*sessPath, "--session", sessionFile)
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
	ref, s, _, d, err := deliberate(*refPath, *sessPath, stderr)
	if err != nil {
		return err
	}
	if p := accrochage.Check(s, d); len(p) > 0 {
		var b strings.Builder
		fmt.Fprintf(&b, "accrochage : %d problème(s) d’identité à corriger avant l’envoi, aucun fichier écrit", len(p))
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
	fmt.Fprintf(stdout, "%s : %d titulaire(s) de la certification\n", *out, len(accrochage.Holders(d)))
	return nil
}
