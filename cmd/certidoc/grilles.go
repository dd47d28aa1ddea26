package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"certidoc/documents"
	"certidoc/fr"
	"certidoc/generator"
)

const grillesHelp = `certidoc grilles — écrit les grilles d’évaluation vierges, un fichier par épreuve
(grille-A-1.pdf, grille-A-2.pdf…).

Exemple :
  certidoc grilles --out grilles --bloc B
`

func runGrilles(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("grilles", grillesHelp, stdout)
	out := fs.String("out", "", "dossier où écrire les fichiers (obligatoire\u202f; créé s’il n’existe pas)")
	bloc := fs.String("bloc", "", "un seul bloc, par sa lettre (A, B…)\u202f; par défaut tous")
	format := formatFlag(fs, "format des fichiers\u00a0: pdf, docx, ou pdf,docx")
	modelePath := modeleFlag(fs, getenv)
	profilPath := certificateurFlag(fs, getenv)
	refPath := referentielFlag(fs, getenv)
	if err := parse(fs, args); err != nil {
		return err
	}
	var c checks
	c.require(*out, "--out", "le dossier où écrire les grilles")
	formats, err := parseFormats(*format)
	c.check(err)
	now := c.clock(getenv)
	if err := c.err(); err != nil {
		return err
	}
	ref, err := refPath.referentiel()
	if err != nil {
		return err
	}
	modele, err := loadModele(*modelePath)
	if err != nil {
		return err
	}
	_, habillage, err := loadCertificateur(*profilPath)
	if err != nil {
		return err
	}
	docs, err := documents.Grilles(ref, strings.ToUpper(*bloc))
	if errors.Is(err, documents.ErrUnknownBloc) {
		return usageError{msg: fmt.Sprintf("--bloc «\u00a0%s\u00a0» inconnu\u00a0: blocs valides %s", *bloc, strings.Join(ref.Lettres(), ", "))}
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return fmt.Errorf("création du dossier %s impossible\u00a0: %v", *out, err)
	}
	for _, d := range docs {
		for _, f := range formats {
			path := filepath.Join(*out, d.Name+"."+string(f))
			if err := writeFile(path, func(w io.Writer) error {
				return generator.Render(w, d, f, generator.Options{Now: now(), Modele: modele, Habillage: habillage})
			}); err != nil {
				return err
			}
			fmt.Fprintln(stdout, path)
		}
	}
	fmt.Fprintf(stderr, "%s dans %s\n", fr.Nombre(len(docs)*len(formats), "fichier écrit", "fichiers écrits"), *out)
	return nil
}

// writeFile writes a file through a temporary name, so that a failure never
// leaves a half-written document under the final name.
func writeFile(path string, write func(io.Writer) error) error {
	return writeFileMode(path, 0o644, write)
}

// writePrivateFile is writeFile for a file of personal data (what the
// registre holds about a person): only its owner may read it.
func writePrivateFile(path string, write func(io.Writer) error) error {
	return writeFileMode(path, 0o600, write)
}

func writeFileMode(path string, mode os.FileMode, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("écriture de %s impossible\u00a0: %v", path, err)
	}
	defer os.Remove(tmp.Name())
	bw := bufio.NewWriter(tmp)
	if err := write(bw); err != nil {
		tmp.Close()
		return fmt.Errorf("génération de %s impossible\u00a0: %v", path, err)
	}
	// CreateTemp makes the file private; the output gets its mode.
	if err := errors.Join(bw.Flush(), tmp.Chmod(mode), tmp.Close()); err != nil {
		return fmt.Errorf("écriture de %s impossible\u00a0: %v", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("écriture de %s impossible\u00a0: %v", path, err)
	}
	return nil
}
