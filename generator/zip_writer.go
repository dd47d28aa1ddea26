package generator

import (
	"bufio"
	"encoding/binary"
	"errors"
	"hash/maphash"
	"io"
	"time"
	"unicode/utf8"
)

// zipWriter writes the ZIP archive of a dossier: files whose size and
// CRC-32 are known before they are written (each was rendered and
// compressed by a worker), then the central directory. It writes the same
// bytes archive/zip's Writer.CreateRaw and Close write for the headers
// zipped.header used to give (a test compares them, ZIP64 included), but
// keeps for its central directory only what that needs: the directory of
// a large dossier (tens of thousands of files) was the second thing growing
// with the session after the session itself. A name is kept as its folder
// and its file — the folder a string shared by a candidate's files, the
// file a string shared by every file of that name — the entries in blocks
// instead of one slice grown by doubling, and the names already written as
// their hashes, to refuse a second file with the same name
// (ErrDuplicateEntry). TestZipWriterMemoryPerFile bounds what a file keeps;
// the figures before and after are in bench/RESULTS.md.
type zipWriter struct {
	w       *bufio.Writer
	n       uint64       // bytes written so far: the next file's offset
	err     error        // the first write error
	dir     [][]dirEntry // blocks of dirBlock entries
	count   int
	seen    map[uint64]struct{} // hashes of the names written
	seed    maphash.Seed
	extra   [9]byte // the extended timestamp, the same for every file
	dosDate uint16
	dosTime uint16
}

// dirBlock is how many entries a block of the directory holds.
const dirBlock = 1024

// dirEntry is what the central directory says of one file, named
// dir + "/" + file, or file when dir is "".
type dirEntry struct {
	dir, file   string
	offset      uint64
	size, zsize uint64
	crc         uint32
	method      uint16
	flags       uint16
}

// The fields of the ZIP format (APPNOTE.TXT) the writer uses.
const (
	zipLocalSig     = 0x04034b50
	zipCentralSig   = 0x02014b50
	zipEnd64Sig     = 0x06064b50
	zipEnd64LocSig  = 0x07064b50
	zipEndSig       = 0x06054b50
	zipVersion20    = 20 // 2.0: deflate
	zipVersion45    = 45 // 4.5: ZIP64
	zipMethodStore  = 0
	zipMethodFlate  = 8
	zipFlagUTF8     = 0x800
	zipExtTimeID    = 0x5455 // Info-ZIP's extended timestamp
	zip64ExtraID    = 0x0001
	uint16max       = 1<<16 - 1
	uint32max       = 1<<32 - 1
	zipLocalLen     = 30
	zipCentralLen   = 46
	zipEnd64Len     = 56
	zipEnd64LocLen  = 20
	zipEndLen       = 22
	zipNameMaxBytes = uint16max
)

var errZipLongName = errors.New("zip: file name too long")

// newZipWriter starts an archive whose files are all dated modified.
func newZipWriter(w io.Writer, modified time.Time) *zipWriter {
	z := &zipWriter{w: bufio.NewWriter(w), extra: extendedTime(modified), seen: map[uint64]struct{}{}, seed: maphash.MakeSeed()}
	z.dosDate, z.dosTime = dosDateTime(modified)
	return z
}

// dosDateTime is t as a ZIP header's MS-DOS date and time (UTC, 1980-01-01
// at the earliest).
func dosDateTime(t time.Time) (date, clock uint16) {
	t = t.UTC()
	if t.Year() < 1980 {
		return 1<<5 | 1, 0
	}
	return uint16(t.Day() + int(t.Month())<<5 + (t.Year()-1980)<<9), uint16(t.Second()/2 + t.Minute()<<5 + t.Hour()<<11)
}

// extendedTime is Info-ZIP's extended timestamp field holding t.
func extendedTime(t time.Time) (ext [9]byte) {
	binary.LittleEndian.PutUint16(ext[0:], zipExtTimeID)
	binary.LittleEndian.PutUint16(ext[2:], 5)
	ext[4] = 1 // modification time
	binary.LittleEndian.PutUint32(ext[5:], uint32(t.Unix()))
	return ext
}

// nameFlags flags a name holding other characters than ASCII as UTF-8,
// when it is valid UTF-8 (a name of parts joined by "/" is when each of
// its parts is).
func nameFlags(parts ...string) uint16 {
	ascii := true
	for _, p := range parts {
		for i := 0; i < len(p) && ascii; i++ {
			ascii = p[i] < utf8.RuneSelf
		}
	}
	if ascii {
		return 0
	}
	for _, p := range parts {
		if !utf8.ValidString(p) {
			return 0
		}
	}
	return zipFlagUTF8
}

// name is the entry's name in the archive.
func (e *dirEntry) name() string {
	if e.dir == "" {
		return e.file
	}
	return e.dir + "/" + e.file
}

func (e *dirEntry) nameLen() int {
	if e.dir == "" {
		return len(e.file)
	}
	return len(e.dir) + 1 + len(e.file)
}

// entry returns the i-th entry written.
func (z *zipWriter) entry(i int) *dirEntry { return &z.dir[i/dirBlock][i%dirBlock] }

// has tells whether a file named as e (whose name's hash is h) was
// written already.
func (z *zipWriter) has(e *dirEntry, h uint64) bool {
	if _, ok := z.seen[h]; !ok {
		return false
	}
	name := e.name()
	for i := range z.count {
		if z.entry(i).name() == name {
			return true
		}
	}
	return false // another name with the same hash
}

// hash is the hash of the name dir + "/" + file, or file.
func (z *zipWriter) hash(dir, file string) uint64 {
	var h maphash.Hash
	h.SetSeed(z.seed)
	if dir != "" {
		h.WriteString(dir)
		h.WriteByte('/')
	}
	h.WriteString(file)
	return h.Sum64()
}

// add writes one file named dir + "/" + file (file alone when dir is ""):
// its local header, then its data as zipped holds it. A name written
// already is refused (ErrDuplicateEntry).
func (z *zipWriter) add(dir, file string, f *zipped) error {
	e := dirEntry{dir: dir, file: file, offset: z.n, size: f.size, zsize: f.zsize, crc: f.crc, method: zipMethodFlate, flags: nameFlags(dir, file)}
	if e.nameLen() > zipNameMaxBytes {
		return errZipLongName
	}
	h := z.hash(dir, file)
	if z.has(&e, h) {
		return ErrDuplicateEntry
	}
	if f.stored {
		e.method = zipMethodStore
	}
	var b [zipLocalLen]byte
	le := binary.LittleEndian
	le.PutUint32(b[0:], zipLocalSig)
	le.PutUint16(b[4:], zipVersion20)
	le.PutUint16(b[6:], e.flags)
	le.PutUint16(b[8:], e.method)
	le.PutUint16(b[10:], z.dosTime)
	le.PutUint16(b[12:], z.dosDate)
	le.PutUint32(b[14:], e.crc)
	le.PutUint32(b[18:], uint32(min(e.zsize, uint32max)))
	le.PutUint32(b[22:], uint32(min(e.size, uint32max)))
	le.PutUint16(b[26:], uint16(e.nameLen()))
	le.PutUint16(b[28:], uint16(len(z.extra)))
	z.put(b[:])
	z.putName(&e)
	z.put(z.extra[:])
	z.put(f.data.Bytes())
	if z.err != nil {
		return z.err
	}
	if z.count%dirBlock == 0 {
		z.dir = append(z.dir, make([]dirEntry, 0, dirBlock))
	}
	last := &z.dir[len(z.dir)-1]
	*last = append(*last, e)
	z.count++
	z.seen[h] = struct{}{}
	return nil
}

// close writes the central directory and its end records (ZIP64 ones when
// the archive has 65,535 files or more, or passes 4 GB), and flushes.
func (z *zipWriter) close() error {
	le := binary.LittleEndian
	start := z.n
	for i := range z.count {
		e := z.entry(i)
		var b [zipCentralLen]byte
		le.PutUint32(b[0:], zipCentralSig)
		le.PutUint16(b[4:], zipVersion20) // made by
		le.PutUint16(b[6:], zipVersion20) // needed
		le.PutUint16(b[8:], e.flags)
		le.PutUint16(b[10:], e.method)
		le.PutUint16(b[12:], z.dosTime)
		le.PutUint16(b[14:], z.dosDate)
		le.PutUint32(b[16:], e.crc)
		extra := z.extra[:]
		var ext64 [9 + 28]byte
		if e.zsize >= uint32max || e.size >= uint32max || e.offset >= uint32max {
			le.PutUint32(b[20:], uint32max)
			le.PutUint32(b[24:], uint32max)
			copy(ext64[:], z.extra[:])
			le.PutUint16(ext64[9:], zip64ExtraID)
			le.PutUint16(ext64[11:], 24)
			le.PutUint64(ext64[13:], e.size)
			le.PutUint64(ext64[21:], e.zsize)
			le.PutUint64(ext64[29:], e.offset)
			extra = ext64[:]
		} else {
			le.PutUint32(b[20:], uint32(e.zsize))
			le.PutUint32(b[24:], uint32(e.size))
		}
		le.PutUint16(b[28:], uint16(e.nameLen()))
		le.PutUint16(b[30:], uint16(len(extra)))
		// comment length, disk number, internal and external attributes: 0
		le.PutUint32(b[42:], uint32(min(e.offset, uint32max)))
		z.put(b[:])
		z.putName(e)
		z.put(extra)
	}
	end := z.n
	records, size, offset := uint64(z.count), end-start, start
	if records >= uint16max || size >= uint32max || offset >= uint32max {
		var b [zipEnd64Len + zipEnd64LocLen]byte
		le.PutUint32(b[0:], zipEnd64Sig)
		le.PutUint64(b[4:], zipEnd64Len-12)
		le.PutUint16(b[12:], zipVersion45)
		le.PutUint16(b[14:], zipVersion45)
		le.PutUint64(b[24:], records)
		le.PutUint64(b[32:], records)
		le.PutUint64(b[40:], size)
		le.PutUint64(b[48:], offset)
		le.PutUint32(b[56:], zipEnd64LocSig)
		le.PutUint64(b[64:], end)
		le.PutUint32(b[72:], 1)
		z.put(b[:])
		records, size, offset = uint16max, uint32max, uint32max
	}
	var b [zipEndLen]byte
	le.PutUint32(b[0:], zipEndSig)
	le.PutUint16(b[8:], uint16(records))
	le.PutUint16(b[10:], uint16(records))
	le.PutUint32(b[12:], uint32(size))
	le.PutUint32(b[16:], uint32(offset))
	z.put(b[:])
	if z.err != nil {
		return z.err
	}
	return z.w.Flush()
}

// put and putString write to the archive and count what they wrote; the
// first error sticks and is returned by add or close.
func (z *zipWriter) put(b []byte) {
	if z.err == nil {
		n, err := z.w.Write(b)
		z.n, z.err = z.n+uint64(n), err
	}
}

func (z *zipWriter) putName(e *dirEntry) {
	if e.dir != "" {
		z.putString(e.dir)
		z.putString("/")
	}
	z.putString(e.file)
}

func (z *zipWriter) putString(s string) {
	if z.err == nil {
		n, err := z.w.WriteString(s)
		z.n, z.err = z.n+uint64(n), err
	}
}
