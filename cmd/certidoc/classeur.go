package main

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"certidoc/classeur"
	"certidoc/fr"
	"certidoc/session"
)

const classeurHelp = `certidoc classeur — écrit le classeur de saisie (Excel) : vierge, ou pré-rempli
avec une session (JSON ou classeur).

Exemple :
  certidoc classeur --out saisie.xlsx
  certidoc classeur --out saisie.xlsx --session testdata/session-exemple.json
`

const importHelp = `certidoc import — lit un classeur de saisie rempli et écrit la session en JSON.
Chaque problème nomme la feuille, la cellule et la valeur ; s’il y en a, rien
n’est écrit et la commande sort en erreur.

Exemple :
  certidoc import saisie.xlsx --out session.json
`

const resultatsHelp = `certidoc resultats — écrit les résultats de la session pour les autres logiciels :
un classeur (.xlsx) ou un fichier CSV (.csv), selon l’extension de --out.

Exemple :
  certidoc resultats --session session.json --out resultats.csv
`

func runClasseur(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("classeur", classeurHelp, stdout)
	out := fs.String("out", "", "classeur à écrire (obligatoire), par exemple saisie.xlsx")
	sessPath := sessionFlag(fs, "la session à pré-remplir (facultatif)")
	refPath := referentielFlag(fs, getenv)
	if err := parse(fs, args); err != nil {
		return err
	}
	var c checks
	c.require(*out, "--out", "le classeur à écrire, par exemple saisie.xlsx")
	now := c.clock(getenv)
	if err := c.err(); err != nil {
		return err
	}
	ens, err := refPath.ensemble()
	if err != nil {
		return err
	}
	ref, err := refPath.choose(ens)
	if err != nil {
		return err
	}
	var s *session.Session
	if *sessPath != "" {
		var loaded *session.Session
		var rep *session.Report
		ref, loaded, rep, err = readSession(ens, *refPath.code, *sessPath)
		if err != nil {
			return err
		}
		printWarnings(stderr, ref, rep, session.Deliberer(ref, loaded))
		s = loaded
	}
	if err := writeFile(*out, func(w io.Writer) error { return classeur.Write(w, ref, s, now()) }); err != nil {
		return err
	}
	fmt.Fprintln(stdout, *out)
	return nil
}

func runImport(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("import", importHelp, stdout)
	out := fs.String("out", "", "fichier JSON de la session à écrire (par défaut, la sortie standard)")
	refPath := referentielFlag(fs, getenv)
	// The workbook may come before or after the options.
	var file string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		file, args = args[0], args[1:]
	}
	if err := parseArgs(fs, args, 1); err != nil {
		return err
	}
	if file == "" {
		file = fs.Arg(0)
	} else if fs.NArg() > 0 {
		return usageError{msg: fmt.Sprintf("argument inattendu\u00a0: %s", fs.Arg(0))}
	}
	if file == "" {
		return usageError{msg: "indiquez le classeur à lire\u00a0: certidoc import saisie.xlsx --out session.json"}
	}
	ref, s, rep, err := loadSession(refPath, file, stderr)
	if err != nil {
		return err
	}
	printWarnings(stderr, ref, rep, session.Deliberer(ref, s))
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("encodage de la session impossible\u00a0: %v", err)
	}
	data = append(data, '\n')
	if *out == "" {
		_, err := stdout.Write(data)
		return err
	}
	if err := writeFile(*out, func(w io.Writer) error { _, err := w.Write(data); return err }); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s\u00a0: session %s, %s\n", *out, s.Session.Identifiant, fr.Nombre(len(s.Candidats), "candidat", "candidats"))
	return nil
}

func runResultats(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("resultats", resultatsHelp, stdout)
	sessPath := sessionFlag(fs, "la session (obligatoire)")
	out := fs.String("out", "", "fichier à écrire (obligatoire)\u00a0: resultats.xlsx ou resultats.csv")
	refPath := referentielFlag(fs, getenv)
	if err := parse(fs, args); err != nil {
		return err
	}
	var c checks
	c.require(*sessPath, "--session", sessionFile)
	ext := strings.ToLower(filepath.Ext(*out))
	if ext != ".xlsx" && ext != ".csv" {
		c.add("--out «\u00a0%s\u00a0»\u00a0: attendu un fichier .xlsx ou .csv", *out)
	}
	now := c.clock(getenv)
	if err := c.err(); err != nil {
		return err
	}
	ref, s, _, d, err := deliberate(refPath, *sessPath, stderr)
	if err != nil {
		return err
	}
	if err := writeFile(*out, func(w io.Writer) error {
		if ext == ".csv" {
			return classeur.ResultatsCSV(w, ref, s, d)
		}
		return classeur.Resultats(w, ref, s, d, now())
	}); err != nil {
		return err
	}
	fmt.Fprintln(stdout, *out)
	return nil
}
