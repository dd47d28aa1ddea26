package generator

import (
	"archive/zip"
	"bytes"
	"hash/crc32"
	"io"
	"sync"
	"time"

	"github.com/klauspost/compress/flate"
)

// zipped is one file of a dossier compressed by the worker that rendered
// it, so that compressing (a large part of a dossier's work) runs on every
// core and the goroutine writing the ZIP only copies bytes.
type zipped struct {
	data        bytes.Buffer // deflated, or as it is when stored
	stored      bool
	crc         uint32
	size, zsize uint64
}

// pooled buffers and deflaters: a dossier holds only as many files at once
// as it has jobs in flight, whatever its size.
type pooled struct {
	buf bytes.Buffer
}

var (
	plainPool  = sync.Pool{New: func() any { return new(pooled) }}
	zippedPool = sync.Pool{New: func() any { return new(zipped) }}
	// deflaters are at the fastest level: the PDFs' streams are compressed
	// already, and level 5 (archive/zip's) made a dossier only a little
	// smaller for noticeably more CPU (bench/RESULTS.md).
	deflaters sync.Pool
)

// store writes what write makes into the ZIP as it is, for a file that is
// compressed already (PDF, DOCX): deflating a dossier's PDF again cost a
// good share of its CPU for a small saving (bench/RESULTS.md).
func store(write func(io.Writer) (int64, error)) (*zipped, error) {
	z := zippedPool.Get().(*zipped)
	z.data.Reset()
	if _, err := write(&z.data); err != nil {
		z.release()
		return nil, err
	}
	z.stored = true
	z.crc = crc32.ChecksumIEEE(z.data.Bytes())
	z.size, z.zsize = uint64(z.data.Len()), uint64(z.data.Len())
	return z, nil
}

// compress runs write into a pooled buffer and deflates what it wrote.
func compress(write func(io.Writer) (int64, error)) (*zipped, error) {
	plain := plainPool.Get().(*pooled)
	defer func() {
		if plain.buf.Cap() <= 4<<20 { // an unusually large file: let it go
			plain.buf.Reset()
			plainPool.Put(plain)
		}
	}()
	if _, err := write(&plain.buf); err != nil {
		return nil, err
	}
	z := zippedPool.Get().(*zipped)
	z.data.Reset()
	z.stored = false
	fw, _ := deflaters.Get().(*flate.Writer)
	if fw == nil {
		fw, _ = flate.NewWriter(&z.data, flate.BestSpeed)
	} else {
		fw.Reset(&z.data)
	}
	defer deflaters.Put(fw)
	if _, err := fw.Write(plain.buf.Bytes()); err != nil {
		return nil, err
	}
	if err := fw.Close(); err != nil {
		return nil, err
	}
	z.crc = crc32.ChecksumIEEE(plain.buf.Bytes())
	z.size, z.zsize = uint64(plain.buf.Len()), uint64(z.data.Len())
	return z, nil
}

// header describes the compressed file for zip.Writer.CreateRaw (a DOCX's
// parts; a dossier's files go through zipWriter, which writes the same
// bytes), with the fields CreateHeader would fill in and CreateRaw leaves
// to its caller: the versions, the UTF-8 flag of a name that needs it, the
// MS-DOS time and the extended timestamp (Info-ZIP's), so that readers see
// what they saw before.
func (z *zipped) header(name string, modified time.Time) *zip.FileHeader {
	method := zip.Deflate
	if z.stored {
		method = zip.Store
	}
	date, clock := dosDateTime(modified)
	ext := extendedTime(modified)
	return &zip.FileHeader{
		Name:               name,
		Flags:              nameFlags(name),
		Method:             method,
		CreatorVersion:     zipVersion20,
		ReaderVersion:      zipVersion20,
		Modified:           modified.UTC(),
		ModifiedDate:       date,
		ModifiedTime:       clock,
		CRC32:              z.crc,
		CompressedSize64:   z.zsize,
		UncompressedSize64: z.size,
		Extra:              ext[:],
	}
}

func (z *zipped) release() {
	if z.data.Cap() > 4<<20 { // an unusually large file: let it go
		return
	}
	z.data.Reset()
	zippedPool.Put(z)
}
