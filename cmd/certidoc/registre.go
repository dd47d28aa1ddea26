package main

import (
	"certidoc/certificateur"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"certidoc/fr"
	"certidoc/generator"
	"certidoc/reedition"
	"certidoc/registre"
)

const registreHelp = `certidoc registre — le registre de ce que le certificateur a délivré.

Commandes :
  cloturer --session F [--rectification "motif"]   clôture une session délibérée
  sessions                                         liste les sessions clôturées
  dossier ID --out F.zip                           refait le dossier d’une session clôturée
  liste [--session ID] [--nom N] [--numero N] [--csv]   cherche des documents
  revoquer NUMERO --motif "…"                      révoque un document
  duplicata NUMERO [--out F] [--format pdf|docx]   refait un document, marqué « Duplicata »
  a-declarer                                       titulaires non déclarés à la Caisse des Dépôts 60 jours après
  personne --nom N [--naissance AAAA-MM-JJ] --out F.json   tout ce que le registre tient sur une personne
  sauvegarder --out F                              copie du registre SQLite, service en marche

Le registre est le fichier certidoc.db du dossier --donnees (CERTIDOC_DONNEES,
par défaut ./donnees), ou la base PostgreSQL de --base (CERTIDOC_BASE).

Exemple :
  certidoc registre cloturer --session testdata/session-exemple.json
`

// registreOptions are the options that say where the registre is and how
// long its database may take to answer.
type registreOptions struct {
	dir, base, delai, connexion *string
}

// registreFlags declares the registre's options.
func registreFlags(fs *flag.FlagSet, getenv func(string) string) *registreOptions {
	return &registreOptions{
		dir:  fs.String("donnees", envOr(getenv, "CERTIDOC_DONNEES", "donnees"), "dossier des données, où est le registre certidoc.db (CERTIDOC_DONNEES)"),
		base: fs.String("base", getenv("CERTIDOC_BASE"), "registre sur PostgreSQL\u00a0: postgres://utilisateur:motdepasse@hôte/base (CERTIDOC_BASE\u202f; l’emporte sur --donnees)"),
		delai: fs.String("delai-base", envOr(getenv, "CERTIDOC_DELAI_BASE", registre.DefaultQueryTimeout.String()),
			"attente maximale d’une réponse de la base de données (requête, verrou d’un autre écrivain SQLite)\u202f; au-delà, le service répond 503 (CERTIDOC_DELAI_BASE\u202f; par défaut "+registre.DefaultQueryTimeout.String()+")"),
		connexion: fs.String("delai-connexion", envOr(getenv, "CERTIDOC_DELAI_CONNEXION", registre.DefaultConnectTimeout.String()),
			"attente maximale de l’ouverture d’une connexion à PostgreSQL (CERTIDOC_DELAI_CONNEXION\u202f; par défaut "+registre.DefaultConnectTimeout.String()+")"),
	}
}

// config reads the options into the registre's settings, every problem
// at once.
func (o *registreOptions) config() (registre.Config, error) {
	cfg := registre.Config{Dir: *o.dir, Postgres: *o.base}
	var problems []error
	for _, d := range []struct {
		flag, value string
		dst         *time.Duration
	}{
		{"--delai-base", *o.delai, &cfg.QueryTimeout},
		{"--delai-connexion", *o.connexion, &cfg.ConnectTimeout},
	} {
		v, err := time.ParseDuration(d.value)
		if err != nil {
			problems = append(problems, fmt.Errorf("%s «\u00a0%s\u00a0»\u00a0: durée invalide, par exemple 5s ou 1500ms", d.flag, d.value))
			continue // named once, not again by Validate
		}
		*d.dst = v
	}
	if err := cfg.Validate(); err != nil {
		problems = append(problems, err)
	}
	return cfg, errors.Join(problems...)
}

// open opens the registre the options name.
func (o *registreOptions) open(ctx context.Context, now func() time.Time) (*registre.Registre, error) {
	cfg, err := o.config()
	if err != nil {
		return nil, usageError{msg: strings.ReplaceAll(err.Error(), "\n", "\n  ")}
	}
	return registre.Open(ctx, cfg, now)
}

// splitArg takes a leading argument before the options: "revoquer NUMERO --motif x".
func splitArg(args []string) (string, []string) {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		return args[0], args[1:]
	}
	return "", args
}

func runRegistre(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, registreHelp)
		return usageError{msg: "indiquez une commande du registre\u00a0: certidoc registre --help"}
	}
	sub, args := args[0], args[1:]
	if sub == "-h" || sub == "--help" || sub == "aide" {
		fmt.Fprint(stdout, registreHelp)
		return errHelp
	}
	arg, args := splitArg(args)
	fs := newFlags("registre "+sub, registreHelp, stdout)
	openReg := registreFlags(fs, getenv)
	refPath := referentielFlag(fs, getenv)
	profilPath := certificateurFlag(fs, getenv)
	url := fs.String("url-publique", envOr(getenv, "CERTIDOC_URL_PUBLIQUE", "http://127.0.0.1:8080"), "adresse publique du service, où mènent les QR codes (CERTIDOC_URL_PUBLIQUE)")
	sessPath := fs.String("session", "", "cloturer\u00a0: la session délibérée (JSON ou classeur)\u202f; liste\u00a0: l’identifiant de la session")
	rectif := fs.String("rectification", "", "cloturer\u00a0: motif d’une rectification d’une session déjà clôturée")
	motif := fs.String("motif", "", "revoquer\u00a0: motif de la révocation (obligatoire)")
	out := fs.String("out", "", "fichier à écrire")
	format := formatFlag(fs, "dossier, duplicata\u00a0: pdf ou docx (dossier\u00a0: aussi pdf,docx)")
	nom := fs.String("nom", "", "liste, personne\u00a0: une partie du nom (casse et accents indifférents)")
	numero := fs.String("numero", "", "liste\u00a0: un numéro de document")
	naissance := fs.String("naissance", "", "personne\u00a0: date de naissance AAAA-MM-JJ")
	asCSV := fs.Bool("csv", false, "liste\u00a0: en CSV")
	if err := parseArgs(fs, args, 1); err != nil {
		return err
	}
	if arg == "" {
		arg = fs.Arg(0)
	}
	var c checks
	now := c.clock(getenv)
	switch sub {
	case "cloturer":
		c.require(*sessPath, "--session", sessionFile)
	case "dossier":
		c.require(arg, "ID", "l’identifiant de la session clôturée (certidoc registre sessions)")
		c.require(*out, "--out", "l’archive ZIP à écrire")
	case "revoquer":
		c.require(arg, "NUMERO", "le numéro du document")
		c.require(*motif, "--motif", "le motif de la révocation")
	case "duplicata":
		c.require(arg, "NUMERO", "le numéro du document")
	case "sauvegarder", "personne":
		c.require(*out, "--out", "le fichier à écrire")
		if sub == "personne" {
			c.require(*nom, "--nom", "le nom de la personne")
			if *naissance != "" {
				d, err := fr.ParseDate(*naissance)
				if err != nil {
					c.add("--naissance «\u00a0%s\u00a0»\u00a0: attendu une date AAAA-MM-JJ", *naissance)
				}
				*naissance = d.String()
			}
		}
	case "sessions", "liste", "a-declarer":
	default:
		return usageError{msg: fmt.Sprintf("commande «\u00a0registre %s\u00a0» inconnue\u00a0: certidoc registre --help", sub)}
	}
	if err := c.err(); err != nil {
		return err
	}
	reg, err := openReg.open(ctx, time.Now)
	if err != nil {
		return err
	}
	defer reg.Close()
	req := registre.Request{ID: "cli"}
	switch sub {
	case "cloturer":
		ref, s, _, _, err := deliberate(refPath, *sessPath, stderr)
		if err != nil {
			return err
		}
		profil, _, err := loadCertificateur(*profilPath)
		if err != nil {
			return err
		}
		s = profil.Appliquer(s)
		contenu, images, err := profil.Snapshot()
		if err != nil {
			return err
		}
		req.Motif = *rectif
		cl, err := reg.CloturerProfil(ctx, ref, s, &registre.Profil{Contenu: contenu, Images: images}, req)
		if err != nil {
			return err
		}
		what := "clôturée"
		switch {
		case !cl.Nouvelle:
			what = "déjà clôturée avec ce contenu, rien de nouveau"
		case cl.Version > 1:
			what = fmt.Sprintf("rectifiée (version %d)", cl.Version)
		}
		fmt.Fprintf(stdout, "Session %s %s\u00a0: %s au registre (%s).\n", cl.Session, what, fr.Nombre(len(cl.Documents), "document", "documents"), reg.Where())
		return printEntries(stdout, cl.Documents, *url)
	case "sessions":
		ss, err := reg.Sessions(ctx)
		if err != nil {
			return err
		}
		for _, s := range ss {
			fmt.Fprintf(stdout, "%s\tversion %d\tdélibération %s\tclôturée le %s\n", s.Session, s.Version, s.DateDeliberation, s.ClotureeLe.Format(time.RFC3339))
		}
		return nil
	case "dossier":
		formats, err := parseFormats(*format)
		if err != nil {
			return usageError{msg: err.Error()}
		}
		ens, err := refPath.ensemble()
		if err != nil {
			return err
		}
		_, entries, n, profil, err := reedition.Dossier(ctx, reg, ens, generator.Font(), arg, strings.TrimRight(*url, "/"))
		if err != nil {
			return err
		}
		opt, err := reeditionOptions(profil, now())
		if err != nil {
			return err
		}
		bar := newProgress(stderr, n*len(formats))
		err = writeFile(*out, func(w io.Writer) error {
			return generator.Zip(ctx, w, entries, formats, opt, 0, bar.update)
		})
		bar.finish()
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s\u00a0: dossier de la session %s, %s, depuis le registre\n", *out, arg, fr.Nombre(n*len(formats), "document", "documents"))
		return nil
	case "liste":
		// Every entry, read a page at a time and written as it comes.
		f := registre.Filter{Certification: *refPath.code, Session: *sessPath, Nom: *nom, Numero: *numero}
		if *asCSV {
			out := reedition.NewCSV(stdout)
			if err := reg.Parcourir(ctx, f, out.Write); err != nil {
				return err
			}
			return out.Flush()
		}
		return reg.Parcourir(ctx, f, func(e registre.Entry) error { return printEntry(stdout, e, *url) })
	case "a-declarer":
		es, err := reg.ARetard(ctx)
		if err != nil {
			return err
		}
		if *asCSV {
			return reedition.WriteCSV(stdout, es)
		}
		fmt.Fprintf(stdout, "%s à la Caisse des Dépôts %d jours ou plus après la délibération.\n", fr.Nombre(len(es), "titulaire non déclaré", "titulaires non déclarés"), int(registre.DelaiSignalement.Hours()/24))
		return printEntries(stdout, es, *url)
	case "revoquer":
		req.Motif = *motif
		e, err := reg.Revoquer(ctx, arg, req)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Document n° %s révoqué (code %s)\u00a0: %s\n", e.Numero, e.CodeAffiche(), e.Motif)
		return nil
	case "duplicata":
		f, err := generator.ParseFormat(*format)
		if err != nil {
			return usageError{msg: fmt.Sprintf("--format «\u00a0%s\u00a0» inconnu\u00a0: attendu %s", *format, formatList())}
		}
		ens, err := refPath.ensemble()
		if err != nil {
			return err
		}
		doc, e, profil, err := reedition.Duplicata(ctx, reg, ens, arg, strings.TrimRight(*url, "/"), req)
		if err != nil {
			return err
		}
		opt, err := reeditionOptions(profil, now())
		if err != nil {
			return err
		}
		path := *out
		if path == "" {
			path = doc.Name + "." + string(f)
		}
		if err := writeFile(path, func(w io.Writer) error { return generator.Render(w, doc, f, opt) }); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s\u00a0: duplicata du document n° %s (code %s)\n", path, e.Numero, e.CodeAffiche())
		return nil
	case "personne":
		p, err := reg.Personne(ctx, *nom, *naissance)
		if err != nil {
			return err
		}
		if err := writePrivateFile(*out, func(w io.Writer) error {
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			return enc.Encode(p)
		}); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s\u00a0: %s, %s de session, %s du journal\n", *out, fr.Nombre(len(p.Documents), "document", "documents"), fr.Nombre(len(p.Fiches), "fiche", "fiches"), fr.Nombre(len(p.Journal), "ligne", "lignes"))
		return nil
	case "sauvegarder":
		if err := reg.Sauvegarder(ctx, *out); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s\u00a0: copie du registre %s\n", *out, reg.Where())
		return nil
	}
	return nil
}

func printEntries(w io.Writer, es []registre.Entry, url string) error {
	for _, e := range es {
		if err := printEntry(w, e, url); err != nil {
			return err
		}
	}
	return nil
}

// printEntry writes one entry on a line: number, code, kind, holder, the
// verification address, and its state when it is not valid.
func printEntry(w io.Writer, e registre.Entry, url string) error {
	state := ""
	switch {
	case e.Remplace:
		state = "  [remplacé]"
	case e.Revoque():
		state = "  [révoqué le " + e.RevoqueLe.Format("02/01/2006") + "\u00a0: " + e.Motif + "]"
	}
	_, err := fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s/verifier/%s%s\n", e.Numero, e.CodeAffiche(), e.Nature, e.Titulaire, strings.TrimRight(url, "/"), e.CodeAffiche(), state)
	return err
}

// reeditionOptions are the rendering options of a document made again from
// the registre: the look of the profile of its closing, never today's.
func reeditionOptions(p *certificateur.Profil, now time.Time) (generator.Options, error) {
	opt := generator.Options{Now: now}
	if p != nil {
		h, err := generator.NewHabillage(p)
		if err != nil {
			return opt, err
		}
		opt.Habillage = h
	}
	return opt, nil
}
