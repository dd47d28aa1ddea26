package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// The faults of a command line's options, told apart with errors.Is.
var (
	errUnknownFlag   = errors.New("certidoc: unknown flag")
	errFlagNeedsArg  = errors.New("certidoc: flag needs a value")
	errFlagValue     = errors.New("certidoc: invalid flag value")
	errUnexpectedArg = errors.New("certidoc: unexpected argument")
)

// newFlags returns a flag set whose help and errors are in French: help
// is the command's text, followed by its options as the README writes
// them (--session FICHIER), without Go's English "(default …)": a default
// worth knowing is in the option's text, and a value taken from the
// environment (a key) is never printed.
func newFlags(name, help string, stdout io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		fmt.Fprint(stdout, help)
		fmt.Fprintln(stdout, "\nOptions\u00a0:")
		printOptions(stdout, fs)
	}
	return fs
}

// printOptions lists the options of fs: "  --out FICHIER" then its text.
// A word in `backquotes` in the text names the value (FICHIER); otherwise
// a value is VALEUR, and a yes/no option takes none.
func printOptions(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		name, text := flag.UnquoteUsage(f)
		switch name {
		case "string", "int", "float", "duration", "uint", "value":
			name = "VALEUR"
		}
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			name = ""
		}
		fmt.Fprintf(w, "  --%s", f.Name)
		if name != "" {
			fmt.Fprintf(w, " %s", name)
		}
		fmt.Fprintf(w, "\n      %s\n", text)
	})
}

// parse reads the flags; it prints help for --help and turns flag errors
// into French usage errors. No argument may follow the options.
func parse(fs *flag.FlagSet, args []string) error { return parseArgs(fs, args, 0) }

// parseArgs is parse allowing up to maxArgs arguments after the options.
func parseArgs(fs *flag.FlagSet, args []string, maxArgs int) error {
	if err := checkFlags(fs, args); err != nil {
		return err
	}
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp): // the flag set has printed the help
		return errHelp
	case err != nil: // a value the option's own parser refused
		return usageError{"valeur d’option invalide (" + err.Error() + ")", errFlagValue}
	case fs.NArg() > maxArgs:
		return usageError{fmt.Sprintf("argument inattendu\u00a0: %s", fs.Arg(maxArgs)), errUnexpectedArg}
	}
	return nil
}

// checkFlags finds, before the flag package does, an option fs does not
// know and an option missing its value, so that each gets its own French
// message and error kind. It walks args as flag.Parse does: options until
// "--" or the first argument that is not one.
func checkFlags(fs *flag.FlagSet, args []string) error {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" || len(a) < 2 || a[0] != '-' {
			return nil
		}
		name := strings.TrimLeft(a, "-")
		name, value, hasValue := strings.Cut(name, "=")
		if name == "h" || name == "help" {
			return nil // flag prints the help
		}
		f := fs.Lookup(name)
		if f == nil {
			return usageError{fmt.Sprintf("option inconnue\u00a0: --%s (certidoc %s --help les liste)", name, fs.Name()), errUnknownFlag}
		}
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			if _, err := strconv.ParseBool(value); hasValue && err != nil {
				return usageError{fmt.Sprintf("valeur d’option invalide\u00a0: --%s=%s (une option oui/non s’écrit --%s, ou --%s=true, --%s=false)", name, value, name, name, name), errFlagValue}
			}
			continue
		}
		if hasValue {
			continue
		}
		if i+1 == len(args) {
			return usageError{fmt.Sprintf("l’option --%s demande une valeur", name), errFlagNeedsArg}
		}
		i++ // the value
	}
	return nil
}

// The options several commands share, declared once.

// refOptions are the options that choose the référentiels: --referentiel
// (another default than the embedded one), --referentiels (a folder of
// more) and --certification (the one a command works on).
type refOptions struct {
	file, dir, code *string
}

// referentielFlag declares the options that choose the référentiels.
func referentielFlag(fs *flag.FlagSet, getenv func(string) string) *refOptions {
	return &refOptions{
		file: fs.String("referentiel", getenv("CERTIDOC_REFERENTIEL"),
			"un autre `FICHIER` de référentiel (YAML ou JSON) que celui intégré, qui devient celui par défaut (CERTIDOC_REFERENTIEL)"),
		dir: fs.String("referentiels", getenv("CERTIDOC_REFERENTIELS"),
			"un `DOSSIER` de référentiels (.yaml, .yml, .json) tenus en plus de celui par défaut, un par code RNCP (CERTIDOC_REFERENTIELS)"),
		code: fs.String("certification", "",
			"la certification, par son `CODE` RNCP (RNCP36128)\u202f; par défaut celle que nomme la session, sinon celle par défaut"),
	}
}

// sessionFlag is --session: the session, JSON or workbook; what says what
// the command does with it.
func sessionFlag(fs *flag.FlagSet, what string) *string {
	return fs.String("session", "", what+"\u00a0: `FICHIER` JSON ou classeur de saisie rempli")
}

// formatFlag is --format of the documents, pdf by default.
func formatFlag(fs *flag.FlagSet, what string) *string {
	return fs.String("format", "pdf", what+" (par défaut pdf)")
}

// modeleFlag is --docx-modele: the body's own base Word document.
func modeleFlag(fs *flag.FlagSet, getenv func(string) string) *string {
	return fs.String("docx-modele", getenv("CERTIDOC_DOCX_MODELE"),
		"le `FICHIER` Word de l’organisme servant de modèle aux DOCX\u00a0: en-tête, pied de page, styles (CERTIDOC_DOCX_MODELE\u202f; par défaut, celui intégré)")
}

// certificateurFlag is --certificateur: the certifier's profile.
func certificateurFlag(fs *flag.FlagSet, getenv func(string) string) *string {
	return fs.String("certificateur", getenv("CERTIDOC_CERTIFICATEUR"),
		"le `FICHIER` de profil du certificateur (YAML) : identité, logo, couleur, signataires, textes (CERTIDOC_CERTIFICATEUR ; par défaut, le profil d’exemple intégré ; docs/certificateur.md)")
}
