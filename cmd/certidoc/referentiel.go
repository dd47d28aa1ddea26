package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

const referentielHelp = `certidoc referentiel — affiche le référentiel chargé : un résumé lisible, ou
tout le référentiel en JSON avec --json. Sert aussi à vérifier un fichier
donné par --referentiel : les erreurs nomment le fichier, le chemin et ce qu’il
faut corriger.
`

func runReferentiel(args []string, getenv func(string) string, stdout, _ io.Writer) error {
	fs := newFlags("referentiel", referentielHelp, stdout)
	asJSON := fs.Bool("json", false, "tout le référentiel en JSON")
	refPath := referentielFlag(fs, getenv)
	if err := parse(fs, args); err != nil {
		return err
	}
	ref, err := refPath.referentiel()
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(ref)
	}
	c := ref.Certification
	fmt.Fprintf(stdout, "%s (%s)\n%s – niveau %d (CEC %d) – NSF %s\nCertificateur\u00a0: %s\n",
		c.Intitule, c.Sigle, c.CodeRNCP, c.Niveau, c.NiveauEuropeen, strings.Join(c.NSF, ", "), c.Certificateur)
	levels := make([]string, len(ref.Echelle.Niveaux))
	for i, n := range ref.Echelle.Niveaux {
		levels[i] = string(n.Code) + " = " + n.Libelle
	}
	scale := strings.Join(levels, ", ")
	if e := ref.Echelle; e.Notes() {
		scale = fmt.Sprintf("notes de %s à %s par pas de %s", e.Minimum.Francais(), e.Maximum.Francais(), e.Pas.Francais())
		if len(levels) > 0 {
			scale += "\u202f; niveaux des critères évalués par niveau\u00a0: " + strings.Join(levels, ", ")
		}
	}
	fmt.Fprintf(stdout, "Échelle\u00a0: %s\nRègle\u00a0: %s\n", scale, ref.RegleBloc.Description(ref.Echelle))
	if reg := ref.Enregistrement(); reg != "" {
		fmt.Fprintf(stdout, "Enregistrement\u00a0: %s\n", reg)
	}
	for _, w := range ref.Avertissements() {
		fmt.Fprintf(stdout, "Attention\u00a0: %s\n", w)
	}
	for _, b := range ref.Blocs {
		n := 0
		for _, a := range b.Activites {
			n += len(a.Competences)
		}
		fmt.Fprintf(stdout, "\nBloc %s – %s – %s\n  %d activités, %d compétences\n", b.Lettre, b.Code, b.Intitule, len(b.Activites), n)
		for _, e := range b.Epreuves {
			word := "compétences"
			if len(e.Competences) == 1 {
				word = "compétence"
			}
			mark := ""
			if ref.Echelle.Notes() {
				mark = ", coefficient " + e.Poids().Francais()
				if n := e.NoteEliminatoire; n != nil {
					mark += ", note éliminatoire " + n.Francais()
				}
			}
			fmt.Fprintf(stdout, "  Épreuve %s\u00a0: %s – %s (%s %s%s)\n", b.EpreuveID(&e), e.Type, e.Intitule, word, strings.Join(e.Competences, ", "), mark)
		}
	}
	return nil
}
