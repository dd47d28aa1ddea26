package certificateur

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"certidoc/fr"
	"certidoc/internal/yamlpath"
)

//go:embed exemple.yaml
var exemple []byte

// ExempleName is the name errors and the page give the embedded profile.
const ExempleName = "profil d’exemple (intégré)"

// ErrInvalid marks a profile that cannot be used; the error is a
// *ValidationError listing every problem.
var ErrInvalid = errors.New("certificateur: invalid profile")

// ValidationError lists every problem of one profile file.
type ValidationError struct {
	File     string
	Problems []Probleme
}

// Probleme is one thing wrong in a profile: where, and what to fix.
type Probleme struct {
	Path    string // "textes.lettre_suite", "signataires[0].cachet.fichier"
	Line    int    // 1-based line in the file, 0 when unknown
	Message string // in French
}

func (p Probleme) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s (ligne %d)\u00a0: %s", p.Path, p.Line, p.Message)
	}
	return fmt.Sprintf("%s\u00a0: %s", p.Path, p.Message)
}

func (e *ValidationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "profil du certificateur %s\u00a0: %s", e.File, fr.Nombre(len(e.Problems), "problème", "problèmes"))
	for _, p := range e.Problems {
		b.WriteString("\n  - ")
		b.WriteString(p.String())
	}
	return b.String()
}

// Unwrap lets errors.Is(err, ErrInvalid) match.
func (e *ValidationError) Unwrap() error { return ErrInvalid }

// Exemple returns the embedded example profile: the certifier of the
// example session, without images, with the default texts.
func Exemple() *Profil {
	p, err := Parse(exemple, ExempleName, nil)
	if err != nil {
		panic(err) // the embedded file is checked by the tests
	}
	p.Exemple = true
	return p
}

// ExempleYAML returns the embedded example profile's file as it is.
func ExempleYAML() []byte { return bytes.Clone(exemple) }

// LoadFile reads and checks the profile at path; its images are read
// from paths relative to its folder.
func LoadFile(path string) (*Profil, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &ValidationError{File: path, Problems: []Probleme{{Path: "(fichier)", Message: "illisible\u00a0: " + frenchIOError(err)}}}
	}
	dir := filepath.Dir(path)
	p, err := Parse(data, path, func(name string) ([]byte, error) {
		if !filepath.IsAbs(name) {
			name = filepath.Join(dir, name)
		}
		return readLimited(name)
	})
	if err != nil {
		return nil, err
	}
	p.Source = path
	return p, nil
}

// readLimited reads a file of at most MaxImageBytes+1 bytes: a larger
// one is refused without being read whole.
func readLimited(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, MaxImageBytes+1))
}

func frenchIOError(err error) string {
	switch {
	case errors.Is(err, os.ErrNotExist):
		return "fichier introuvable"
	case errors.Is(err, os.ErrPermission):
		return "lecture refusée (droits du fichier)"
	}
	return err.Error()
}

// Parse decodes a profile (YAML; JSON is YAML too) and checks it whole;
// readImage reads an image file the profile names (nil: a profile without
// images). name only serves the messages. Every problem is reported at
// once; nothing of a profile with a problem is returned.
func Parse(data []byte, name string, readImage func(string) ([]byte, error)) (*Profil, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, &ValidationError{File: name, Problems: []Probleme{{Path: "(fichier)", Message: "YAML illisible\u00a0: " + err.Error()}}}
	}
	var p Profil
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&p); err != nil && !errors.Is(err, io.EOF) {
		ve := &ValidationError{File: name}
		var te *yaml.TypeError
		if errors.As(err, &te) {
			for _, m := range te.Errors {
				ve.Problems = append(ve.Problems, Probleme{Path: "(fichier)", Message: "champ inconnu ou de type incorrect\u00a0: " + m})
			}
		} else {
			ve.Problems = append(ve.Problems, Probleme{Path: "(fichier)", Message: err.Error()})
		}
		return nil, ve
	}
	c := checker{root: &root, readImage: readImage}
	c.profil(&p)
	if len(c.problems) > 0 {
		return nil, &ValidationError{File: name, Problems: c.problems}
	}
	return &p, nil
}

// Sizes of the images in millimetres: the default height, the range of
// heights, the widest. The logo sits in the 10 mm above the top margin;
// the signature in the 72 × 32 mm zone to sign, the stamp in the 44 mm
// beside it.
var imageRules = map[string]struct{ defaut, min, max, width float64 }{
	"logo":      {10, 5, 10, 60},
	"signature": {18, 8, 28, 72},
	"cachet":    {28, 15, 32, 44},
}

var (
	reCodePostal = regexp.MustCompile(`^[0-9]{5}$`)
	reCouleur    = regexp.MustCompile(`^#[0-9A-Fa-f]{6}$`)
	reSIRET      = regexp.MustCompile(`^[0-9]{14}$`)
)

// MaxRecours is the longest appeal route, in characters.
const MaxRecours = 2000

type checker struct {
	root      *yaml.Node
	readImage func(string) ([]byte, error)
	problems  []Probleme
}

func (c *checker) add(msg string, path ...any) {
	c.problems = append(c.problems, Probleme{Path: yamlpath.Format(path), Line: yamlpath.Line(c.root, path), Message: msg})
}

func (c *checker) text(s string, required bool, max int, path ...any) {
	switch {
	case strings.TrimSpace(s) == "":
		if required {
			c.add("obligatoire, vide ici", path...)
		}
	case strings.TrimSpace(s) != s:
		c.add("espaces en trop au début ou à la fin", path...)
	case utf8.RuneCountInString(s) > max:
		c.add(fmt.Sprintf("texte trop long (%d caractères)\u00a0: %d au plus", utf8.RuneCountInString(s), max), path...)
	}
}

func (c *checker) profil(p *Profil) {
	c.text(p.RaisonSociale, true, 200, "raison_sociale")
	c.text(p.Adresse, true, 200, "adresse")
	c.text(p.Ville, true, 60, "ville")
	if !reCodePostal.MatchString(p.CodePostal) {
		c.add("code postal de 5 chiffres attendu (entre guillemets dans le fichier\u00a0: \"69007\")", "code_postal")
	}
	if s := strings.ReplaceAll(p.SIRET, " ", ""); p.SIRET != "" {
		if !reSIRET.MatchString(s) || !luhn(s) {
			c.add("SIRET invalide\u00a0: 14 chiffres dont le dernier est la clé de contrôle (voir l’avis de situation Insee)", "siret")
		}
	}
	if p.SiteWeb != "" && (!strings.HasPrefix(p.SiteWeb, "https://") && !strings.HasPrefix(p.SiteWeb, "http://") || strings.ContainsAny(p.SiteWeb, " \t\n")) {
		c.add("adresse web attendue, commençant par https://", "site_web")
	}
	if p.Couleur != "" {
		if !reCouleur.MatchString(p.Couleur) {
			c.add("couleur attendue sous la forme #RRVVBB (par exemple #1F4E79)", "couleur")
		} else if r := Contraste(p.Couleur); r < MinContraste {
			c.add(fmt.Sprintf("couleur trop claire pour du texte sur fond blanc\u00a0: contraste de %.1f:1, %.1f:1 au moins\u202f; foncez-la", r, MinContraste), "couleur")
		}
	}
	c.image(p.Logo, "logo")
	if len(p.Signataires) == 0 {
		c.add("au moins un signataire (nom et qualité)\u00a0: le premier signe par défaut", "signataires")
	}
	seen := map[string]int{}
	for i := range p.Signataires {
		s := &p.Signataires[i]
		c.text(s.Nom, true, 60, "signataires", i, "nom")
		c.text(s.Qualite, true, 100, "signataires", i, "qualite")
		if j, ok := seen[comparable(s.Nom)]; ok && s.Nom != "" {
			c.add(fmt.Sprintf("même nom que signataires[%d]\u00a0: une session ne saurait lequel désigner", j), "signataires", i, "nom")
		}
		seen[comparable(s.Nom)] = i
		c.image(s.Signature, "signature", "signataires", i, "signature")
		c.image(s.Cachet, "cachet", "signataires", i, "cachet")
	}
	const kinds = "attestation, parchemin, notification ou convocation"
	for i, k := range p.SignatureSur {
		switch k {
		case SurAttestation, SurParchemin, SurNotification, SurConvocation:
		case "proces-verbal", "pv", "grille", "grilles":
			c.add("jamais sur le procès-verbal ni les grilles, que le jury et les évaluateurs signent à la main\u00a0: "+kinds, "signature_sur", i)
		case "emargement", "emargements", "feuille-emargement", "planning":
			c.add("jamais sur les feuilles d’émargement ni le planning, que les candidats et les évaluateurs signent à la main\u00a0: "+kinds, "signature_sur", i)
		default:
			c.add(fmt.Sprintf("«\u00a0%s\u00a0» n’est pas un document qui porte la signature du certificateur\u00a0: %s", k, kinds), "signature_sur", i)
		}
	}
	c.text(p.Recours, false, MaxRecours, "recours")
	for _, t := range TextesOrder {
		if msg := checkText(t, *p.Textes.get(t)); msg != "" {
			c.add(msg, "textes", string(t))
		}
	}
}

// image reads and checks one image of the profile; kind is "logo",
// "signature" or "cachet".
func (c *checker) image(im *Image, kind string, path ...any) {
	if im == nil {
		return
	}
	if len(path) == 0 {
		path = []any{kind}
	}
	rule := imageRules[kind]
	if im.HauteurMM == 0 {
		im.HauteurMM = rule.defaut
	}
	if im.HauteurMM < rule.min || im.HauteurMM > rule.max {
		c.add(fmt.Sprintf("hauteur de %g\u00a0mm\u00a0: entre %g et %g\u00a0mm", im.HauteurMM, rule.min, rule.max), append(path, "hauteur_mm")...)
	}
	if strings.TrimSpace(im.Fichier) == "" {
		c.add("fichier de l’image obligatoire (PNG ou JPEG, chemin relatif au dossier du profil)", append(path, "fichier")...)
		return
	}
	if c.readImage == nil {
		c.add("ce profil ne peut pas lire d’images", append(path, "fichier")...)
		return
	}
	data, err := c.readImage(im.Fichier)
	if err != nil {
		c.add(fmt.Sprintf("image %s illisible\u00a0: %s", im.Fichier, frenchIOError(err)), append(path, "fichier")...)
		return
	}
	if msg := im.decode(data); msg != "" {
		c.add(fmt.Sprintf("image %s\u00a0: %s", im.Fichier, msg), append(path, "fichier")...)
		return
	}
	if w, _ := im.Size(); w > rule.width {
		c.add(fmt.Sprintf("image %s de %.0f\u00a0mm de large à %g\u00a0mm de haut\u00a0: %g\u00a0mm au plus\u202f; réduisez hauteur_mm ou recadrez l’image", im.Fichier, w, im.HauteurMM, rule.width), append(path, "hauteur_mm")...)
	}
}

// luhn checks a SIRET's key.
func luhn(s string) bool {
	sum := 0
	for i := range len(s) {
		d := int(s[len(s)-1-i] - '0')
		if i%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}

// MinContraste is the least contrast of the accent colour on white (WCAG's
// level AA for text).
const MinContraste = 4.5

// Contraste returns the contrast ratio of colour "#RRGGBB" on white.
func Contraste(hex string) float64 {
	rgb, ok := RGB(hex)
	if !ok {
		return 0
	}
	lin := func(v uint8) float64 {
		c := float64(v) / 255
		if c <= 0.04045 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	l := 0.2126*lin(rgb[0]) + 0.7152*lin(rgb[1]) + 0.0722*lin(rgb[2])
	return 1.05 / (l + 0.05)
}

// RGB reads a colour "#RRGGBB".
func RGB(hex string) ([3]uint8, bool) {
	var out [3]uint8
	if !reCouleur.MatchString(hex) {
		return out, false
	}
	for i := range 3 {
		var v uint8
		for _, ch := range hex[1+2*i : 3+2*i] {
			v <<= 4
			switch {
			case ch >= '0' && ch <= '9':
				v |= uint8(ch - '0')
			case ch >= 'a' && ch <= 'f':
				v |= uint8(ch-'a') + 10
			case ch >= 'A' && ch <= 'F':
				v |= uint8(ch-'A') + 10
			}
		}
		out[i] = v
	}
	return out, true
}

//go:embed profil.schema.json
var schema []byte

// Schema returns the JSON Schema of a profile file.
func Schema() []byte { return bytes.Clone(schema) }
