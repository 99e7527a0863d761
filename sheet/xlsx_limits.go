package sheet

// The XLSX reader's bounds (see limits.go): what a part may unpack to,
// counted as it is read, and what of a long or non-UTF-8 value is kept.

import (
	"bytes"
	"io"
	"math"
	"strings"
	"unicode/utf8"

	"jiedao/data"
)

// smallPartBytes bounds the parts read whole with encoding/xml: the
// workbook, its relationships, the styles (a few hundred KB in the largest
// workbooks clerks keep).
const smallPartBytes = 64 << 20

// isBigPart reports whether a part is one streamed by this reader, a
// worksheet or the shared strings, which maxPartBytes bounds.
func isBigPart(part string) bool {
	return strings.Contains(part, "worksheets/") || strings.HasSuffix(strings.ToLower(part), "sharedstrings.xml")
}

// checkPartSize refuses a part that unpacks (as its zip entry says, or
// as counted while reading it) to more than max or is a zip bomb.
func checkPartSize(part string, size, packed, limit int64) error {
	if size > limit {
		return &limitError{key: data.KeySheetTooLarge, args: map[string]any{"Part": part, "Max": byteSize(limit)}}
	}
	if size > ratioFloor && size > maxRatio*max(packed, 1) {
		return &limitError{key: data.KeySheetBomb, args: map[string]any{"Part": part, "Ratio": maxRatio}}
	}
	return nil
}

// partReader counts what a part unpacks to while it is read: a zip's
// directory can lie about the sizes.
type partReader struct {
	rc            io.ReadCloser
	part          string
	n             int64
	packed, limit int64
}

func (p *partReader) Read(b []byte) (int, error) {
	n, err := p.rc.Read(b)
	p.n += int64(n)
	if lerr := checkPartSize(p.part, p.n, p.packed, p.limit); lerr != nil {
		return n, lerr
	}
	return n, err
}

func (p *partReader) Close() error { return p.rc.Close() }

// capCell keeps the first maxCellBytes of a value being read and adds the
// characters of the rest to extra, those not kept.
func capCell(v []byte, extra int) ([]byte, int) {
	if len(v) <= maxCellBytes {
		return v, extra
	}
	kept := keepPrefix(v, maxCellBytes)
	return kept, extra + runeStarts(v[len(kept):])
}

// flawOf says what is wrong with a value as read (extra: its characters
// not kept), and returns what to keep of it.
func flawOf(v []byte, extra int) (cellFlaw, []byte, int32) {
	v, extra = capCell(v, extra)
	switch {
	case extra > 0:
		return flawLong, v, int32(min(utf8.RuneCount(v)+extra, math.MaxInt32))
	case !utf8.Valid(v):
		return flawEncoding, bytes.ToValidUTF8(v, []byte("\uFFFD")), 0
	}
	return flawNone, v, 0
}

// addShared appends a shared string, keeping only the start of a long one.
func (b *xlsxBook) addShared(v []byte, extra int) {
	flaw, v, chars := flawOf(v, extra)
	if flaw != flawNone {
		if b.sstFlaw == nil {
			b.sstFlaw = map[int]cell{}
		}
		b.sstFlaw[len(b.sst)] = cell{flaw: flaw, chars: chars}
	}
	b.sst = append(b.sst, string(v))
}
