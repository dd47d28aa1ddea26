package fpdf

import (
	"errors"
	"io"
	"strings"
)

// ParseImage (certidoc) parses a PNG or JPEG image once for any number of
// documents: a logo printed on thousands of PDF is read, its alpha channel
// split off and its identity hashed once, not once per document.
// RegisterImageParsed gives it to a document.
func ParseImage(r io.Reader, imageType string) (*ImageInfoType, error) {
	f := &Fpdf{k: 1}
	var info *ImageInfoType
	switch strings.ToLower(imageType) {
	case "png":
		info = f.parsepng(r, false)
	case "jpg", "jpeg":
		info = f.parsejpg(r)
	default:
		return nil, errors.New("fpdf: unsupported image type " + imageType)
	}
	if f.err != nil {
		return nil, f.err
	}
	var err error
	if info.i, err = generateImageID(info); err != nil {
		return nil, err
	}
	return info, nil
}

// RegisterImageParsed (certidoc) registers under name an image parsed by
// ParseImage, as RegisterImageOptionsReader would have. The parsed image is
// shared, never written to: the document keeps its own copy of the few
// fields it sets.
func (f *Fpdf) RegisterImageParsed(name string, info *ImageInfoType) {
	if f.err != nil {
		return
	}
	if _, ok := f.images[name]; ok {
		return
	}
	c := *info
	c.scale = f.k
	c.n = 0
	f.images[name] = &c
	if len(c.smask) > 0 && f.pdfVersion < pdfVers1_4 {
		f.pdfVersion = pdfVers1_4
	}
}
