package generator

import (
	"github.com/skip2/go-qrcode"
)

// qrPNG returns the QR code of text as a PNG, made for this document only
// (the library keeps nothing between calls).
func qrPNG(text string) ([]byte, error) {
	return qrcode.Encode(text, qrcode.Low, 512)
}
