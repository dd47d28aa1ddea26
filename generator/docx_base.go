package generator

import (
	"archive/zip"
	"bytes"
	"fmt"
	"hash/crc32"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/klauspost/compress/flate"
)

// baseDoc is a base Word document read once per process: its files, its
// page setup and the parts DOCX rewrites, uncompressed. Every document made
// from the same base shares it (read-only).
type baseDoc struct {
	files []*zip.File
	raw   [][]byte // files[i] as stored in the base (compressed): copied as is
	sect  section
	parts map[string][]byte // headers, footers, relationships, content types
	// header tells a header part (w:hdr) from a footer: only a header
	// takes a document's band and running head
	header map[string]bool

	// first is what the first page's header is made from; nil when the
	// base has no default header or a first page of its own.
	first *firstPage

	mu       sync.Mutex
	replaced map[string]*replacedEntry // replacedFields' cache
}

type baseKey struct {
	size int
	crc  uint32
}

var (
	baseMu    sync.Mutex
	baseCache = map[baseKey]*baseDoc{}
)

// maxBases bounds the cache: a service has one base (--docx-modele or the
// embedded one); beyond, bases are read for each document as before.
const maxBases = 8

// openBase returns the base document read from data, from the cache when
// the same bytes were read before.
func openBase(data []byte) (*baseDoc, error) {
	key := baseKey{len(data), crc32.ChecksumIEEE(data)}
	baseMu.Lock()
	b, ok := baseCache[key]
	baseMu.Unlock()
	if ok {
		return b, nil
	}
	// A copy: the cache must not see later changes to the caller's bytes.
	data = bytes.Clone(data)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("%w: not a zip: %v", ErrModele, err)
	}
	sect, err := baseSection(zr)
	if err != nil {
		return nil, err
	}
	b = &baseDoc{files: zr.File, sect: sect, parts: map[string][]byte{}, header: map[string]bool{}, replaced: map[string]*replacedEntry{}}
	for _, f := range zr.File {
		// The stored bytes of each file, a slice of data: copying a part
		// with zip.Writer.Copy read it through a new 32 KB buffer, for every
		// part of every document.
		off, err := f.DataOffset()
		if err != nil || off < 0 || uint64(off)+f.CompressedSize64 > uint64(len(data)) {
			return nil, fmt.Errorf("%w: %s: unreadable", ErrModele, f.Name)
		}
		b.raw = append(b.raw, data[off:uint64(off)+f.CompressedSize64])
		if f.Name == "word/_rels/document.xml.rels" || f.Name == "[Content_Types].xml" || reHeaderFooter.MatchString(f.Name) {
			if b.parts[f.Name], err = readPart(f); err != nil {
				return nil, fmt.Errorf("%w: %s: %v", ErrModele, f.Name, err)
			}
			b.header[f.Name] = reHdrStart.Match(b.parts[f.Name])
		}
	}
	b.first = b.readFirstPage()
	baseMu.Lock()
	if len(baseCache) < maxBases {
		baseCache[key] = b
	}
	baseMu.Unlock()
	return b, nil
}

// fastDeflate is the compressor of the parts DOCX writes: deflate at its
// fastest level, from a pool (archive/zip's own level 5 cost much of a
// DOCX's time for a few hundred bytes saved), by klauspost/compress, faster
// than compress/flate at that level on a grid's parts and no larger
// (bench/RESULTS.md).
func fastDeflate(w io.Writer) (io.WriteCloser, error) {
	fw, _ := deflatersFast.Get().(*flate.Writer)
	if fw == nil {
		var err error
		if fw, err = flate.NewWriter(w, flate.BestSpeed); err != nil {
			return nil, err
		}
	} else {
		fw.Reset(w)
	}
	return &pooledDeflater{fw}, nil
}

var deflatersFast sync.Pool

type pooledDeflater struct{ *flate.Writer }

func (p *pooledDeflater) Close() error {
	err := p.Writer.Close()
	deflatersFast.Put(p.Writer)
	p.Writer = nil
	return err
}

// maxParts bounds the headers and footers a base keeps with their fields
// replaced; beyond, the cache starts again.
const maxParts = 512

// replacedEntry is a header or footer of the base with its fields replaced:
// as text (a document with a band or a running head adds its lines to it)
// and compressed (made when first asked for).
type replacedEntry struct {
	plain []byte
	z     *zipped // never released to a pool
}

// replacedFields returns the entry of a header or footer for these fields: from
// the cache when a document had the same fields (every grid of an épreuve,
// every document of a certifier has the same header), else made and kept.
// Replacing the fields (regular expressions over the part) for every
// document was a noticeable share of a grid's DOCX (bench/RESULTS.md).
func (b *baseDoc) replacedFields(name string, fields map[string]string) *replacedEntry {
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var key strings.Builder
	key.WriteString(name)
	for _, k := range keys {
		key.WriteString("\x00" + k + "\x00" + fields[k])
	}
	b.mu.Lock()
	e, ok := b.replaced[key.String()]
	b.mu.Unlock()
	if ok {
		return e
	}
	e = &replacedEntry{plain: expandFields(replaceFields(b.parts[name], fields))}
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.replaced) >= maxParts {
		b.replaced = map[string]*replacedEntry{}
	}
	b.replaced[key.String()] = e
	return e
}

// replacedPart returns a header or footer of the base with its fields
// replaced, compressed, from the cache when it can.
func (b *baseDoc) replacedPart(name string, fields map[string]string) (*zipped, error) {
	e := b.replacedFields(name, fields)
	b.mu.Lock()
	z := e.z
	b.mu.Unlock()
	if z != nil {
		return z, nil
	}
	z, err := compress(bytes.NewReader(e.plain).WriteTo)
	if err != nil {
		return nil, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if e.z == nil {
		e.z = z
	}
	return e.z, nil
}

// copyRaw writes the i-th file of the base as it is stored there, as
// zip.Writer.Copy does.
func (b *baseDoc) copyRaw(zw *zip.Writer, i int) error {
	fh := b.files[i].FileHeader
	fw, err := zw.CreateRaw(&fh)
	if err != nil {
		return err
	}
	_, err = fw.Write(b.raw[i])
	return err
}

// writeZipped writes a part compressed beforehand.
func writeZipped(zw *zip.Writer, name string, now time.Time, z *zipped) error {
	fw, err := zw.CreateRaw(z.header(name, now))
	if err != nil {
		return err
	}
	_, err = fw.Write(z.data.Bytes())
	return err
}
