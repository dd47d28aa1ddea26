package certificateur

import (
	"bytes"
	"encoding/json"
	"errors"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"

	"certidoc/session"
)

func TestExempleIsTheExampleSession(t *testing.T) {
	p := Exemple()
	if !p.Exemple || p.RaisonSociale != "CENTRE RESSOURCES AROBASE" || p.Ville != "Lyon" || len(p.Signataires) != 1 || p.Signataires[0].Nom != "Danièle Marchand-Royer" {
		t.Errorf("example profile = %+v, want the example session's certifier and signatory", p)
	}
	if p.Logo != nil || p.Couleur != "" || len(p.SignatureSur) != 0 {
		t.Errorf("example profile has a logo, a colour or signature images: the documents would change")
	}
}

func TestLoadTestProfile(t *testing.T) {
	p, err := LoadFile("testdata/profil.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		im     *Image
		format string
		w, h   float64
	}{
		{"logo", p.Logo, "png", 30, 10},
		{"signature", p.Signataires[0].Signature, "jpeg", 16 * 420.0 / 150, 16},
		{"cachet", p.Signataires[0].Cachet, "png", 28, 28},
	}
	for _, tt := range tests {
		w, h := tt.im.Size()
		if tt.im.Format != tt.format || w != tt.w || h != tt.h || len(tt.im.Data) == 0 || len(tt.im.Empreinte) != 64 {
			t.Errorf("%s: format %s, %g × %g mm, %d bytes, want %s, %g × %g mm", tt.name, tt.im.Format, w, h, len(tt.im.Data), tt.format, tt.w, tt.h)
		}
	}
	if got, want := p.Texte(PiedDePage, nil), "CENTRE RESSOURCES AROBASE – SIRET 999 001 234 00015 – https://arobase.exemple"; got != want {
		t.Errorf("footer = %q, want %q", got, want)
	}
	// French typography is applied to the certifier's texts.
	if got := p.Texte(LettreSuite, Valeurs{"blocs_restants": "le bloc C"}); !strings.Contains(got, "le bloc C\u00a0: notre") {
		t.Errorf("lettre_suite = %q, want a no-break space before the colon", got)
	}
	if sg := p.Signataire("paul exemple durand"); sg == nil || sg.Qualite != "Directeur adjoint" {
		t.Errorf("Signataire(paul exemple durand) = %+v", sg)
	}
	if sg := p.Signataire(""); sg == nil || sg.Nom != "Danièle Marchand-Royer" {
		t.Errorf("default signatory = %+v", sg)
	}
	if p.Signataire("Inconnu") != nil {
		t.Errorf("an unknown signatory was found")
	}
}

// profile writes a profile made of the test profile with yaml appended
// (YAML keys given twice are refused, so callers replace whole keys) into
// a folder holding the test images and files, and loads it.
func profile(t *testing.T, body string, files map[string][]byte) error {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"logo.png", "signature.jpg", "cachet.png", "cmjn.jpg", "entrelace.png"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = data
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(dir, "profil.yaml")
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := LoadFile(path)
	return err
}

const base = `raison_sociale: CENTRE TEST
adresse: 1 rue du Test
code_postal: "69007"
ville: Lyon
`

func encodePNG(t *testing.T, img image.Image) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// withPLTE returns an 8-bit palette PNG of 2 × 1 pixels with the tRNS
// chunk alpha.
func paletteWithAlpha(t *testing.T, alpha []byte) []byte {
	img := image.NewPaletted(image.Rect(0, 0, 2, 1), color.Palette{color.NRGBA{0, 0, 0, alpha[0]}, color.NRGBA{255, 0, 0, alpha[1]}})
	img.SetColorIndex(1, 0, 1)
	return encodePNG(t, img)
}

func TestBadImages(t *testing.T) {
	good, err := os.ReadFile("testdata/logo.png")
	if err != nil {
		t.Fatal(err)
	}
	// A PNG with one byte of its header changed, its checksum left.
	damaged := bytes.Clone(good)
	damaged[20] ^= 0x40
	big := append(bytes.Clone(good), make([]byte, MaxImageBytes)...)
	wide := encodePNG(t, image.NewGray(image.Rect(0, 0, 6001, 2)))
	deep := encodePNG(t, image.NewNRGBA64(image.Rect(0, 0, 4, 4)))
	tests := []struct {
		name, file string
		data       []byte
		want       string
	}{
		{"not an image", "logo.gif", []byte("GIF89a not really"), "ni un PNG ni un JPEG"},
		{"text", "logo.png.txt", []byte("bonjour"), "ni un PNG ni un JPEG"},
		{"truncated PNG", "coupe.png", good[:len(good)/2], "PNG tronqué"},
		{"damaged PNG", "abime.png", damaged, "somme de contrôle"},
		{"truncated JPEG", "coupe.jpg", nil, "tronquée ou abîmée"},
		{"over 5 MB", "lourd.png", big, "5\u00a0Mo au plus"},
		{"over 6000 px", "large.png", wide, "6000 pixels au plus"},
		{"16 bits", "seize.png", deep, "16\u00a0bits"},
		{"interlaced", "entrelace.png", nil, "entrelacé"},
		{"CMYK JPEG", "cmjn.jpg", nil, "CMJN"},
		{"palette with partial alpha", "palette.png", paletteWithAlpha(t, []byte{128, 255}), "transparence partielle"},
		{"missing", "absent.png", nil, "introuvable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string][]byte{}
			if tt.data != nil {
				files[tt.file] = tt.data
			}
			if tt.name == "truncated JPEG" {
				sig, _ := os.ReadFile("testdata/signature.jpg")
				files[tt.file] = sig[:len(sig)*2/3]
			}
			err := profile(t, base+"logo:\n  fichier: "+tt.file+"\nsignataires:\n  - nom: A\n    qualite: B\n", files)
			var ve *ValidationError
			if !errors.As(err, &ve) || !errors.Is(err, ErrInvalid) {
				t.Fatalf("err = %v, want a *ValidationError", err)
			}
			msg := err.Error()
			if len(ve.Problems) != 1 || ve.Problems[0].Path != "logo.fichier" || ve.Problems[0].Line != 6 ||
				!strings.Contains(msg, tt.file) || !strings.Contains(msg, tt.want) {
				t.Errorf("err = %s\nwant one problem at logo.fichier, line 6, naming %s and saying %q", msg, tt.file, tt.want)
			}
		})
	}
	// A palette with one transparent entry is what the writer takes.
	if err := profile(t, base+"logo:\n  fichier: p.png\nsignataires:\n  - nom: A\n    qualite: B\n", map[string][]byte{"p.png": paletteWithAlpha(t, []byte{0, 255})}); err != nil {
		t.Errorf("palette PNG with one transparent entry: %v", err)
	}
}

func TestBadProfiles(t *testing.T) {
	signer := "signataires:\n  - nom: A\n    qualite: B\n"
	tests := []struct {
		name, body string
		path       string
		line       int
		want       string
	}{
		{"unknown placeholder", base + signer + "textes:\n  lettre_appel: \"{madame},\"\n", "textes.lettre_appel", 9, "repère {madame} inconnu"},
		{"placeholder of another text", base + signer + "textes:\n  pied_de_page: \"{nom}\"\n", "textes.pied_de_page", 9, "repère {nom} inconnu"},
		{"unclosed brace", base + signer + "textes:\n  lettre_politesse: \"Salutations {civilite\"\n", "textes.lettre_politesse", 9, "accolade ouverte sans accolade fermante"},
		{"lone closing brace", base + signer + "textes:\n  parchemin_formule: \"a } b\"\n", "textes.parchemin_formule", 9, "accolade fermante sans accolade ouvrante"},
		{"too long", base + signer + "textes:\n  lettre_appel: " + strings.Repeat("x", 61) + "\n", "textes.lettre_appel", 9, "texte trop long (61 caractères)\u00a0: 60 au plus"},
		{"light colour", base + signer + "couleur: \"#FFD700\"\n", "couleur", 8, "trop claire"},
		{"colour form", base + signer + "couleur: bleu\n", "couleur", 8, "#RRVVBB"},
		{"no signatory", base, "signataires", 1, "au moins un signataire"},
		{"same signatory twice", base + signer + "  - nom: a\n    qualite: C\n", "signataires[1].nom", 8, "même nom"},
		{"signature on the PV", base + signer + "signature_sur: [parchemin, proces-verbal]\n", "signature_sur[1]", 8, "jamais sur le procès-verbal"},
		{"signature on an attendance sheet", base + signer + "signature_sur: [convocation, emargement]\n", "signature_sur[1]", 8, "jamais sur les feuilles d’émargement"},
		{"signature on an unknown kind", base + signer + "signature_sur: [diplome]\n", "signature_sur[0]", 8, "notification ou convocation"},
		{"SIRET key", base + signer + "siret: \"99900123400016\"\n", "siret", 8, "SIRET invalide"},
		{"logo too wide", base + signer + "logo:\n  fichier: bandeau.png\n  hauteur_mm: 10\n", "logo.hauteur_mm", 10, "60\u00a0mm au plus"},
		{"stamp too tall", base + "signataires:\n  - nom: A\n    qualite: B\n    cachet:\n      fichier: cachet.png\n      hauteur_mm: 50\n", "signataires[0].cachet.hauteur_mm", 10, "entre 15 et 32"},
		{"unknown field", base + signer + "logos: x\n", "(fichier)", 0, "champ inconnu"},
		{"postal code", strings.Replace(base, `"69007"`, "6907", 1) + signer, "code_postal", 3, "5 chiffres"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := profile(t, tt.body, map[string][]byte{"bandeau.png": encodePNG(t, image.NewGray(image.Rect(0, 0, 800, 50)))})
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("err = %v, want a *ValidationError", err)
			}
			found := false
			for _, p := range ve.Problems {
				if p.Path == tt.path && p.Line == tt.line && strings.Contains(p.Message, tt.want) {
					found = true
				}
			}
			if !found {
				t.Errorf("err = %s\nwant a problem at %s, line %d, saying %q", err, tt.path, tt.line, tt.want)
			}
		})
	}
}

func TestEveryProblemAtOnce(t *testing.T) {
	err := profile(t, base+"couleur: \"#EEEEEE\"\nlogo:\n  fichier: absent.png\nsignataires: []\ntextes:\n  lettre_appel: \"{x}\"\n", map[string][]byte{})
	var ve *ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) != 4 {
		t.Errorf("err = %v, want 4 problems", err)
	}
}

func TestTexteDefaults(t *testing.T) {
	var nilProfile *Profil
	vals := Valeurs{"civilite": "Madame", "date_deliberation": "24 novembre 2022", "session": "S1", "certificateur": "CENTRE"}
	tests := []struct {
		t    Texte
		want string
	}{
		{LettreAppel, "Madame,"},
		{LettrePolitesse, "Nous vous prions d’agréer, Madame, l’expression de nos salutations distinguées."},
		{ParcheminFormule, "au vu de la décision du jury de certification du 24 novembre 2022 (session S1)."},
		{AttestationFormule, "CENTRE, organisme certificateur, atteste que"},
		{PiedDePage, ""},
	}
	for _, tt := range tests {
		if got := nilProfile.Texte(tt.t, vals); got != tt.want {
			t.Errorf("%s = %q, want %q", tt.t, got, tt.want)
		}
	}
	// braces doubled are braces
	p := &Profil{Textes: Textes{LettreAppel: "{{x}} {civilite}"}}
	if got := p.Texte(LettreAppel, vals); got != "{x} Madame" {
		t.Errorf("doubled braces: %q", got)
	}
}

// TestSchemaAgrees checks the JSON Schema against the profiles the loader
// accepts and some it refuses.
func TestSchemaAgrees(t *testing.T) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(Schema()))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("profil.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("profil.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	test, err := os.ReadFile("testdata/profil.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name  string
		yaml  string
		valid bool
	}{
		{"exemple.yaml", string(ExempleYAML()), true},
		{"testdata/profil.yaml", string(test), true},
		{"no signatory", base + "signataires: []\n", false},
		{"signature on a grid", base + "signataires:\n  - nom: A\n    qualite: B\nsignature_sur: [grille]\n", false},
		{"signature on convocations", base + "signataires:\n  - nom: A\n    qualite: B\nsignature_sur: [notification, convocation]\n", true},
		{"signature on an attendance sheet", base + "signataires:\n  - nom: A\n    qualite: B\nsignature_sur: [emargement]\n", false},
		{"unknown text", base + "signataires:\n  - nom: A\n    qualite: B\ntextes:\n  bonjour: x\n", false},
		{"colour form", base + "signataires:\n  - nom: A\n    qualite: B\ncouleur: bleu\n", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var v any
			if err := yaml.Unmarshal([]byte(tt.yaml), &v); err != nil {
				t.Fatal(err)
			}
			data, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(inst); (err == nil) != tt.valid {
				t.Errorf("schema: valid %v (%v), want %v", err == nil, err, tt.valid)
			}
		})
	}
}

func TestAvertissements(t *testing.T) {
	p, err := LoadFile("testdata/profil.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := &session.Session{Certificateur: session.Organisme{RaisonSociale: "Autre organisme"}, Signataire: session.Signataire{Nom: "Jean Inconnu"}}
	got := p.Avertissements(s)
	if len(got) != 2 || got[0].Chemin != "certificateur.raison_sociale" || got[1].Chemin != "signataire.nom" ||
		!strings.Contains(got[1].Message, "Danièle Marchand-Royer, Paul Exemple-Durand") {
		t.Errorf("warnings = %v", got)
	}
	s = &session.Session{Certificateur: session.Organisme{RaisonSociale: "Centre ressources Arobase"}, Signataire: session.Signataire{Nom: "PAUL EXEMPLE DURAND"}}
	if got := p.Avertissements(s); len(got) != 0 {
		t.Errorf("warnings for the profile's own certifier and signatory: %v", got)
	}
	applied := p.Appliquer(s)
	if applied.Signataire.Nom != "Paul Exemple-Durand" || applied.Signataire.Qualite != "Directeur adjoint" || applied.Certificateur.Ville != "Lyon" || s.Certificateur.Ville != "" {
		t.Errorf("Appliquer = %+v (session left %+v)", applied.Signataire, s.Certificateur)
	}
	if got := Exemple().Avertissements(&session.Session{Signataire: session.Signataire{Nom: "X"}}); got != nil {
		t.Errorf("the example profile warns: %v", got)
	}
}
