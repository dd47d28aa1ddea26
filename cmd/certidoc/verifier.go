package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"certidoc/fr"
	"certidoc/registre"
	"certidoc/verification"
)

const verifierHelp = `certidoc verifier — dit si un code de vérification (imprimé sous le QR code d’une
attestation ou d’un parchemin) est authentique, et ce qu’il certifie.

Un code court (XXXXX-XXXXX) est cherché dans le registre (--donnees ou --base) ;
un code long, signé, est vérifié avec la clé (--cle-verification).

Exemples :
  certidoc verifier 7KQ2M-9XH4T
  certidoc verifier --cle-verification "$CLE" CODE
`

// verifierFlags declares the verification settings; the function it
// returns builds the verifier (nil without a key). defaultURL is the
// public address used when none is set.
func verifierFlags(fs *flag.FlagSet, getenv func(string) string, defaultURL string) func() (*verification.Verifier, error) {
	key := fs.String("cle-verification", getenv("CERTIDOC_CLE_VERIFICATION"), "clé secrète qui signe les codes de vérification, 32 caractères au moins (CERTIDOC_CLE_VERIFICATION)\u202f; sans clé, pas de code")
	old := fs.String("cles-verification-anciennes", getenv("CERTIDOC_CLES_VERIFICATION_ANCIENNES"), "anciennes clés, séparées par des virgules, encore acceptées pour vérifier (CERTIDOC_CLES_VERIFICATION_ANCIENNES)")
	url := fs.String("url-publique", getenv("CERTIDOC_URL_PUBLIQUE"), "adresse publique du service, où mènent les QR codes, par exemple https://certidoc.exemple.fr (CERTIDOC_URL_PUBLIQUE)")
	return func() (*verification.Verifier, error) {
		if *key == "" {
			if *old != "" {
				return nil, errors.New("--cles-verification-anciennes sans --cle-verification\u00a0: indiquez la clé courante")
			}
			return nil, nil
		}
		keys, err := verification.NewKeys(*key, strings.Split(*old, ","))
		if err != nil {
			return nil, err
		}
		u := *url
		if u == "" {
			u = defaultURL
		}
		if u != "" && !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
			return nil, fmt.Errorf("--url-publique «\u00a0%s\u00a0»\u00a0: attendu une adresse http:// ou https://, où les QR codes mèneront", u)
		}
		return &verification.Verifier{Keys: keys, URL: strings.TrimRight(u, "/")}, nil
	}
}

func runVerifier(ctx context.Context, args []string, getenv func(string) string, stdout, _ io.Writer) error {
	fs := newFlags("verifier", verifierHelp, stdout)
	verif := verifierFlags(fs, getenv, "http://localhost")
	openReg := registreFlags(fs, getenv)
	code, args := codeArg(fs, args)
	if err := parseArgs(fs, args, 1); err != nil {
		return err
	}
	if code == "" {
		code = fs.Arg(0)
	}
	if code == "" {
		return usageError{msg: "indiquez le code à vérifier\u00a0: certidoc verifier CODE"}
	}
	if short, ok := registre.NormalizeCode(code); ok {
		reg, err := openReg.open(ctx, time.Now)
		if err != nil {
			return err
		}
		defer reg.Close()
		e, err := reg.Lookup(ctx, short)
		if err != nil {
			return err
		}
		what := e.Certification
		if e.Bloc != "" {
			what = e.Bloc
		}
		head := "Document authentique."
		if e.Revoque() {
			head = fmt.Sprintf("Document révoqué le %s\u00a0: %s", e.DateRevocation().Longue(), e.Motif)
		}
		fmt.Fprintf(stdout, "%s\n%s n° %s (code %s)\nTitulaire\u00a0: %s\nCertifie\u00a0: %s\nDécision du jury\u00a0: %s\n",
			head, strings.ToUpper(e.Nature[:1])+e.Nature[1:], e.Numero, e.CodeAffiche(), e.Titulaire, what, fr.DateText(e.DateDecision).Longue())
		if e.Revoque() {
			return errors.New("ce document a été révoqué\u00a0: il n’a plus de valeur")
		}
		return nil
	}
	v, err := verif()
	if err != nil {
		return usageError{msg: err.Error()}
	}
	if v == nil {
		return usageError{msg: "--cle-verification est obligatoire\u00a0: la clé du certificateur"}
	}
	f, err := v.Keys.Verify(code)
	if err != nil {
		return errors.New("code inconnu ou altéré\u00a0: ce document n’a pas été délivré sous cette clé, ou son code a été modifié")
	}
	fmt.Fprintf(stdout, "Document authentique.\n%s n° %s\nTitulaire\u00a0: %s\nCertifie\u00a0: %s\nDécision du jury\u00a0: %s\n",
		strings.ToUpper(f.Kind[:1])+f.Kind[1:], f.Numero, f.Titulaire, f.Code, fr.DateText(f.Date).Longue())
	return nil
}

// codeArg takes the code out of the arguments, wherever it stands: about
// one key in 64 makes every code start with "-", which the flag package
// would read as an unknown option. An argument is the code when it is not
// an option of fs nor the value of one. "--" still ends the options.
func codeArg(fs *flag.FlagSet, args []string) (string, []string) {
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return "", append(rest, args[i:]...)
		}
		if !strings.HasPrefix(a, "-") {
			return a, append(rest, args[i+1:]...)
		}
		name, _, hasValue := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-"), "=")
		if name == "h" || name == "help" {
			rest = append(rest, a)
			continue
		}
		f := fs.Lookup(name)
		if f == nil {
			return a, append(rest, args[i+1:]...)
		}
		rest = append(rest, a)
		bf, isBool := f.Value.(interface{ IsBoolFlag() bool })
		if !hasValue && !(isBool && bf.IsBoolFlag()) && i+1 < len(args) {
			i++
			rest = append(rest, args[i])
		}
	}
	return "", rest
}
