package main

import (
	"certidoc/certificateur"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"certidoc/generator"
	"certidoc/referentiel"
)

const usage = `certidoc — les documents d’une session de certification (CISP, RNCP36128)

Utilisation :
  certidoc <commande> [options]

Commandes :
  serve         lance le service HTTP (page, API et documents)
  grilles       écrit les grilles d’évaluation vierges, une par épreuve
  classeur      écrit le classeur de saisie Excel (vierge ou pré-rempli)
  import        lit un classeur rempli et écrit la session en JSON
  valider       vérifie une session (JSON ou classeur) : problèmes et avertissements
  dossier       écrit tous les documents d’une session dans un ZIP
  convocations  écrit le planning, les feuilles d’émargement et les convocations dans un ZIP
  resultats     écrit les résultats pour les autres logiciels (.xlsx ou .csv)
  accrochage    écrit le fichier XML des titulaires pour la Caisse des Dépôts
  verifier      dit si le code d’une attestation ou d’un parchemin est authentique
  registre      clôture les sessions, cherche, révoque, refait un duplicata (registre --help)
  referentiel   affiche le référentiel (résumé, ou JSON avec --json)

Options communes :
  --referentiel FICHIER   un autre référentiel (YAML ou JSON) que celui intégré
                          (variable CERTIDOC_REFERENTIEL)
  --referentiels DOSSIER  les référentiels d’autres certifications, tenus en plus
                          (variable CERTIDOC_REFERENTIELS)
  --certification CODE    la certification (RNCP…) d’une commande sans session

Chaque commande accepte --help.
Dates des documents : SOURCE_DATE_EPOCH (secondes Unix) fixe la date de création
écrite dans les fichiers ; sinon, l’heure courante.
`

// errHelp ends a run after help was printed.
var errHelp = errors.New("help")

// usageError is a command line the user must correct. err, when set, says
// which kind of fault it is (errUnknownFlag, errFlagValue…), for errors.Is.
type usageError struct {
	msg string
	err error
}

func (u usageError) Error() string { return u.msg }
func (u usageError) Unwrap() error { return u.err }

// run executes one command line. getenv reads the environment.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return usageError{msg: "aucune commande donnée"}
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "-h", "--help", "-help", "help", "aide":
		fmt.Fprint(stdout, usage)
		return errHelp
	case "serve":
		return runServe(ctx, rest, getenv, stdout, stderr)
	case "grilles":
		return runGrilles(rest, getenv, stdout, stderr)
	case "referentiel":
		return runReferentiel(rest, getenv, stdout, stderr)
	case "dossier":
		return runDossier(ctx, rest, getenv, stdout, stderr)
	case "convocations":
		return runConvocations(ctx, rest, getenv, stdout, stderr)
	case "valider":
		return runValider(rest, getenv, stdout, stderr)
	case "classeur":
		return runClasseur(rest, getenv, stdout, stderr)
	case "import":
		return runImport(rest, getenv, stdout, stderr)
	case "resultats":
		return runResultats(rest, getenv, stdout, stderr)
	case "accrochage":
		return runAccrochage(ctx, rest, getenv, stdout, stderr)
	case "verifier":
		return runVerifier(ctx, rest, getenv, stdout, stderr)
	case "registre":
		return runRegistre(ctx, rest, getenv, stdout, stderr)
	}
	return usageError{msg: fmt.Sprintf("commande «\u00a0%s\u00a0» inconnue\u00a0: attendu serve, grilles, classeur, import, valider, dossier, convocations, resultats, accrochage, verifier, registre ou referentiel", cmd)}
}

// ensemble loads every référentiel the options name: the default one
// (--referentiel, or the embedded CISP) and those of --referentiels, each
// validated, every problem of every file at once.
func (o *refOptions) ensemble() (*referentiel.Ensemble, error) {
	def, defErr := loadReferentiel(*o.file)
	defName := referentiel.EmbeddedName
	if *o.file != "" {
		defName = *o.file
	}
	var others []*referentiel.Referentiel
	var files []string
	var dirErr error
	if *o.dir != "" {
		others, files, dirErr = referentiel.LoadDir(*o.dir)
		if dirErr != nil && !errors.Is(dirErr, referentiel.ErrInvalid) {
			if errors.Is(dirErr, os.ErrNotExist) {
				dirErr = fmt.Errorf("--referentiels %s\u00a0: dossier introuvable", *o.dir)
			} else {
				dirErr = fmt.Errorf("--referentiels %s\u00a0: lecture impossible (%v)", *o.dir, errors.Unwrap(dirErr))
			}
		}
	}
	if err := errors.Join(defErr, dirErr); err != nil {
		return nil, err
	}
	return referentiel.NewEnsemble(def, defName, others, files)
}

// referentiel loads the référentiels and returns the one --certification
// names, or the default one.
func (o *refOptions) referentiel() (*referentiel.Referentiel, error) {
	ens, err := o.ensemble()
	if err != nil {
		return nil, err
	}
	return o.choose(ens)
}

// choose returns the référentiel --certification names, or the default one.
func (o *refOptions) choose(ens *referentiel.Ensemble) (*referentiel.Referentiel, error) {
	ref, err := ens.Choisir(*o.code)
	if err != nil {
		return nil, usageError{msg: "--certification\u00a0: " + err.Error()}
	}
	return ref, nil
}

// loadReferentiel loads the file named by --referentiel or
// CERTIDOC_REFERENTIEL, or the embedded référentiel.
func loadReferentiel(path string) (*referentiel.Referentiel, error) {
	if path == "" {
		return referentiel.Embedded()
	}
	r, err := referentiel.LoadFile(path)
	if err != nil && !errors.Is(err, referentiel.ErrInvalid) {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("référentiel %s\u00a0: fichier introuvable", path)
		}
		return nil, fmt.Errorf("référentiel %s\u00a0: lecture impossible (%v)", path, errors.Unwrap(err))
	}
	return r, err
}

// loadCertificateur reads the certifier's profile (--certificateur), or
// the embedded example, and makes the look of its documents: a profile or
// an image the writers cannot take stops here, before anything is made.
func loadCertificateur(path string) (*certificateur.Profil, *generator.Habillage, error) {
	p := certificateur.Exemple()
	if path != "" {
		var err error
		if p, err = certificateur.LoadFile(path); err != nil {
			return nil, nil, err
		}
	}
	h, err := generator.NewHabillage(p)
	if err != nil {
		return nil, nil, fmt.Errorf("profil du certificateur %s : %w", path, err)
	}
	return p, h, nil
}

// loadModele reads the body's own base Word document (--docx-modele), or
// returns nil for the embedded one.
func loadModele(path string) ([]byte, error) {
	if path == "" {
		return nil, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("--docx-modele %s\u00a0: fichier introuvable", path)
		}
		return nil, fmt.Errorf("--docx-modele %s\u00a0: lecture impossible (%v)", path, errors.Unwrap(err))
	}
	if err := generator.CheckModele(data); err != nil {
		return nil, fmt.Errorf("--docx-modele %s\u00a0: ce n’est pas un document Word utilisable comme modèle (%v)", path, err)
	}
	return data, nil
}

// clock returns the time written into documents: SOURCE_DATE_EPOCH when set,
// so that builds of the same input give the same bytes, else the current time.
func clock(getenv func(string) string) (func() time.Time, error) {
	v := getenv("SOURCE_DATE_EPOCH")
	if v == "" {
		return time.Now, nil
	}
	sec, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return nil, fmt.Errorf("SOURCE_DATE_EPOCH «\u00a0%s\u00a0»\u00a0: attendu un nombre de secondes depuis 1970", v)
	}
	t := time.Unix(sec, 0).UTC()
	return func() time.Time { return t }, nil
}

func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

// checks gathers every problem of a command line, to report them at once.
type checks []string

// add records a problem.
func (c *checks) add(format string, args ...any) { *c = append(*c, fmt.Sprintf(format, args...)) }

// check records err when there is one.
func (c *checks) check(err error) {
	if err != nil {
		*c = append(*c, strings.ReplaceAll(err.Error(), "\n", "\n  "))
	}
}

// require records that a mandatory flag is missing.
func (c *checks) require(value, flag, what string) {
	if value == "" {
		c.add("%s est obligatoire\u00a0: %s", flag, what)
	}
}

// clock reads the documents' clock (SOURCE_DATE_EPOCH), recording a bad one.
func (c *checks) clock(getenv func(string) string) func() time.Time {
	now, err := clock(getenv)
	c.check(err)
	return now
}

// err is the usage error listing every problem, or nil.
func (c checks) err() error {
	if len(c) == 0 {
		return nil
	}
	return usageError{msg: strings.Join(c, "\n  ")}
}

// sessionFile is what --session names, in every command that takes one.
const sessionFile = "le fichier JSON ou le classeur de la session"
