package certificateur

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"image/color"
	"image/jpeg"
	"image/png"
)

// Limits of an image of the profile.
const (
	MaxImageBytes = 5 << 20 // 5 MB
	MaxImageSide  = 6000    // pixels, either side
)

// Image is one picture of the profile: a logo, a signature or a stamp.
// Its file is read and checked when the profile is loaded; Data then holds
// its bytes as they are, ready for the PDF and DOCX writers.
type Image struct {
	// Fichier is the file, relative to the profile's folder.
	Fichier string `yaml:"fichier" json:"fichier"`
	// HauteurMM is the printed height in millimetres; the width follows
	// from the image's proportions.
	HauteurMM float64 `yaml:"hauteur_mm,omitempty" json:"hauteur_mm,omitempty"`
	// Empreinte is the SHA-256 of Data, in hexadecimal: the name the
	// image goes by in a PDF, a DOCX and the registre.
	Empreinte string `yaml:"-" json:"empreinte,omitempty"`

	Data   []byte `yaml:"-" json:"-"`
	Format string `yaml:"-" json:"-"` // "png" or "jpeg"
	// Pixels.
	Largeur, Hauteur int `yaml:"-" json:"-"`
}

// Size returns the printed width and height in millimetres.
func (im *Image) Size() (w, h float64) {
	if im.Hauteur == 0 {
		return 0, 0
	}
	return im.HauteurMM * float64(im.Largeur) / float64(im.Hauteur), im.HauteurMM
}

// ContentType returns the image's MIME type.
func (im *Image) ContentType() string {
	if im.Format == "jpeg" {
		return "image/jpeg"
	}
	return "image/png"
}

// Extension returns the file extension of the image's format, without dot.
func (im *Image) Extension() string {
	if im.Format == "jpeg" {
		return "jpeg"
	}
	return "png"
}

// decode checks data as an image of the profile and fills im from it. The
// message it returns is in French, for the person who wrote the profile.
func (im *Image) decode(data []byte) string {
	const convert = "enregistrez-la en PNG 8\u00a0bits RVB(A) non entrelacé ou en JPEG RVB (par exemple avec GIMP, Paint ou «\u00a0magick fichier -depth 8 -interlace none image.png\u00a0»)"
	if len(data) > MaxImageBytes {
		return fmt.Sprintf("image trop lourde (%.1f\u00a0Mo)\u00a0: 5\u00a0Mo au plus\u202f; réduisez-la ou %s", float64(len(data))/(1<<20), convert)
	}
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		im.Format = "png"
		if msg := checkPNG(data); msg != "" {
			return msg + "\u202f; " + convert
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			return "PNG illisible (" + err.Error() + ")\u202f; " + convert
		}
		im.Largeur, im.Hauteur = cfg.Width, cfg.Height
	case bytes.HasPrefix(data, []byte{0xff, 0xd8, 0xff}):
		im.Format = "jpeg"
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			return "JPEG illisible (" + err.Error() + ")\u202f; " + convert
		}
		if cfg.ColorModel != color.GrayModel && cfg.ColorModel != color.YCbCrModel {
			return "JPEG en CMJN (quadrichromie d’imprimerie), que les documents ne savent pas imprimer fidèlement\u202f; " + convert
		}
		im.Largeur, im.Hauteur = cfg.Width, cfg.Height
	default:
		return "ce fichier n’est ni un PNG ni un JPEG\u202f; " + convert
	}
	if im.Largeur > MaxImageSide || im.Hauteur > MaxImageSide {
		return fmt.Sprintf("image de %d\u00a0×\u00a0%d pixels\u00a0: %d pixels au plus de côté\u202f; réduisez-la", im.Largeur, im.Hauteur, MaxImageSide)
	}
	if im.Largeur == 0 || im.Hauteur == 0 {
		return "image vide (0 pixel)\u202f; " + convert
	}
	// Decode it whole once: a truncated or damaged file fails here, at
	// start-up, never when a document is made.
	var err error
	if im.Format == "png" {
		_, err = png.Decode(bytes.NewReader(data))
	} else {
		_, err = jpeg.Decode(bytes.NewReader(data))
	}
	if err != nil {
		return "image tronquée ou abîmée (" + err.Error() + ")\u202f; " + convert
	}
	sum := sha256.Sum256(data)
	im.Empreinte = hex.EncodeToString(sum[:])
	im.Data = data
	return ""
}

// checkPNG refuses the forms of PNG the PDF writer cannot take as they
// are: 16 bits per channel, interlaced, a palette with partial
// transparency. It reads the chunks' framing too: a truncated file stops
// here with a plain message.
func checkPNG(data []byte) string {
	const ihdrEnd = 8 + 8 + 13 + 4
	if len(data) < ihdrEnd || string(data[12:16]) != "IHDR" {
		return "PNG tronqué ou abîmé (en-tête incomplet)"
	}
	depth, colour, interlace := data[24], data[25], data[28]
	switch {
	case depth == 16:
		return "PNG en 16\u00a0bits par couleur, que les documents ne savent pas imprimer"
	case interlace != 0:
		return "PNG entrelacé (Adam7), que les documents ne savent pas imprimer"
	}
	pos := 8
	for pos+8 <= len(data) {
		n := int(binary.BigEndian.Uint32(data[pos:]))
		kind := string(data[pos+4 : pos+8])
		if n < 0 || pos+12+n > len(data) {
			return "PNG tronqué (le bloc " + kind + " s’arrête avant sa fin)"
		}
		if crc32.ChecksumIEEE(data[pos+4:pos+8+n]) != binary.BigEndian.Uint32(data[pos+8+n:]) {
			return "PNG abîmé (somme de contrôle fausse dans le bloc " + kind + ")"
		}
		if kind == "tRNS" && colour == 3 {
			// The PDF writer makes one palette entry transparent, no more.
			clear := 0
			for _, a := range data[pos+8 : pos+8+n] {
				switch a {
				case 0:
					clear++
				case 255:
				default:
					clear = 2
				}
			}
			if clear > 1 {
				return "PNG à palette avec transparence partielle, que les documents ne savent pas imprimer"
			}
		}
		if kind == "IEND" {
			return ""
		}
		pos += 12 + n
	}
	return "PNG tronqué (pas de bloc de fin IEND)"
}
