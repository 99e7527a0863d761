package sheet

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"unicode/utf8"
)

// xmlScanner is a minimal pull tokenizer for the spreadsheet parts of an
// XLSX file. encoding/xml decodes a 300,000-row worksheet (about 600 MB of
// XML) at a few MB/s once excelize's per-cell work is added — minutes; the
// worksheet grammar is small and regular, so scanning bytes for '<' and '>'
// in place does the same job in seconds. It understands elements,
// attributes, character references, comments, processing instructions and
// CDATA; it does not validate, and ignores namespace prefixes (<x:row> is
// a row).
//
// text and tag are slices of the scanner's buffer: they are valid until the
// next call of next.
type xmlScanner struct {
	r        io.Reader
	buf      []byte
	pos, end int
	eof      bool
	text     []byte // character data before the current tag, still escaped
	tag      []byte // the tag between '<' and '>'
	err      error
	// dropped counts the characters of text (before the current tag)
	// that were over maxTextRun and not kept: text holds the first
	// maxCellBytes of it.
	dropped int
	// keep is how much of a long text run is being kept at pos while the
	// rest is dropped; 0 when none is.
	keep int
}

// Kinds of tag.
const (
	tagStart = iota // <c ...>
	tagEnd          // </c>
	tagEmpty        // <c .../>
	tagCDATA        // <![CDATA[...]]>; cdata() returns the content
	tagOther        // comment, processing instruction, doctype
)

func newXMLScanner(r io.Reader) *xmlScanner {
	return &xmlScanner{r: r, buf: make([]byte, 512<<10)}
}

// fill moves the unread bytes to the front of the buffer (growing it when
// they fill it) and reads more. It returns false at the end of the input.
func (s *xmlScanner) fill() bool {
	if s.eof {
		return false
	}
	if s.pos > 0 {
		s.end = copy(s.buf, s.buf[s.pos:s.end])
		s.pos = 0
	}
	if s.end == len(s.buf) {
		s.buf = append(s.buf, make([]byte, len(s.buf))...)
	}
	n, err := io.ReadAtLeast(s.r, s.buf[s.end:], 1)
	s.end += n
	if err != nil {
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			s.eof = true
			return n > 0
		}
		s.err = err
		return false
	}
	return true
}

// next reads up to and including the next tag. It returns false at the end
// of the input or on an error (see Err).
func (s *xmlScanner) next() bool {
	if s.err != nil {
		return false
	}
	s.dropped, s.keep = 0, 0
	for {
		window := s.buf[s.pos:s.end]
		lt := bytes.IndexByte(window[s.keep:], '<')
		if lt >= 0 {
			lt += s.keep
			if gt := closingBracket(window[lt+1:]); gt >= 0 {
				s.text = window[:lt]
				s.tag = window[lt+1 : lt+1+gt]
				s.pos += lt + 1 + gt + 1
				return true
			}
			if len(window)-lt > maxTagBytes {
				s.err = errTagTooLong
				return false
			}
		} else if len(window) > maxTextRun {
			s.dropText(window)
		}
		if !s.fill() {
			if s.err == nil && s.end > s.pos && lt >= 0 {
				s.err = io.ErrUnexpectedEOF
			}
			return false
		}
	}
}

// errTagTooLong: a tag longer than maxTagBytes (no writer makes one).
var errTagTooLong = errors.New("xlsx: a tag is too long")

// dropText keeps the first maxCellBytes of a text run with no tag in
// sight and counts the characters of the rest, which it drops: a cell's
// value is kept only that far (see maxCellBytes), and white space between
// tags means nothing.
func (s *xmlScanner) dropText(window []byte) {
	if s.keep == 0 {
		s.keep = len(keepPrefix(window, maxCellBytes))
	}
	rest := window[s.keep:]
	s.dropped += runeStarts(rest)
	s.end = s.pos + s.keep
}

// runeStarts counts the characters that start in b: a character cut at
// either end is counted once over two calls.
func runeStarts(b []byte) int {
	n := 0
	for _, c := range b {
		if c&0xC0 != 0x80 {
			n++
		}
	}
	return n
}

// closingBracket returns the index of the '>' that ends the tag at the start of b,
// or -1 when b does not hold the whole tag. A '>' inside a quoted attribute
// value, a comment or a CDATA section does not end it. Writers escape '>'
// in attribute values, so the quote count is checked only to be safe, with
// the vectorised bytes.Count.
func closingBracket(b []byte) int {
	if len(b) > 0 && b[0] == '!' {
		var closer []byte
		switch {
		case bytes.HasPrefix(b, []byte("!--")):
			closer = []byte("-->")
		case bytes.HasPrefix(b, []byte("![CDATA[")):
			closer = []byte("]]>")
		default:
			return bytes.IndexByte(b, '>')
		}
		if i := bytes.Index(b, closer); i >= 0 {
			return i + len(closer) - 1
		}
		return -1
	}
	gt := bytes.IndexByte(b, '>')
	if gt < 0 {
		return -1
	}
	t := b[:gt]
	if bytes.Count(t, []byte{'"'})%2 == 0 && bytes.IndexByte(t, '\'') < 0 {
		return gt
	}
	var quote byte
	for i, c := range b {
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return i
		}
	}
	return -1
}

// err returns the error that stopped the scanner, nil at a clean end.
func (s *xmlScanner) Err() error {
	if s.err == io.EOF {
		return nil
	}
	return s.err
}

// kind classifies the current tag.
func (s *xmlScanner) kind() int {
	t := s.tag
	switch {
	case len(t) == 0:
		return tagOther
	case t[0] == '/':
		return tagEnd
	case t[0] == '?':
		return tagOther
	case t[0] == '!':
		if bytes.HasPrefix(t, []byte("![CDATA[")) {
			return tagCDATA
		}
		return tagOther
	case t[len(t)-1] == '/':
		return tagEmpty
	}
	return tagStart
}

// name returns the local name of the current tag (no prefix, no '/').
func (s *xmlScanner) name() []byte {
	t := s.tag
	if len(t) > 0 && t[0] == '/' {
		t = t[1:]
	}
	end := len(t)
	for i, c := range t {
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '/' {
			end = i
			break
		}
	}
	t = t[:end]
	if i := bytes.LastIndexByte(t, ':'); i >= 0 {
		t = t[i+1:]
	}
	return t
}

// is reports whether the current tag's local name is name.
func (s *xmlScanner) is(name string) bool {
	return string(s.name()) == name // no allocation: the compiler sees the comparison
}

// cdata returns the content of a CDATA tag.
func (s *xmlScanner) cdata() []byte {
	return s.tag[len("![CDATA[") : len(s.tag)-2]
}

// upTo returns the unread input up to the next occurrence of end, if the
// buffer holds it, without consuming anything.
func (s *xmlScanner) upTo(end []byte) ([]byte, bool) {
	window := s.buf[s.pos:s.end]
	i := bytes.Index(window, end)
	if i < 0 {
		return nil, false
	}
	return window[:i], true
}

// skip consumes n bytes of what upTo returned.
func (s *xmlScanner) skip(n int) { s.pos += n }

// cellAttrs reads the attributes of a <c> tag in one pass: the reference,
// the type and the style.
func (s *xmlScanner) cellAttrs() (ref, typ, style []byte) {
	t := s.tag
	i := bytes.IndexByte(t, ' ')
	if i < 0 {
		return
	}
	for i < len(t) {
		eq := bytes.IndexByte(t[i:], '=')
		if eq < 0 || i+eq+1 >= len(t) {
			return
		}
		key := bytes.TrimSpace(t[i : i+eq])
		q := t[i+eq+1]
		vs := i + eq + 2
		ve := bytes.IndexByte(t[vs:], q)
		if ve < 0 {
			return
		}
		val := t[vs : vs+ve]
		i = vs + ve + 1
		switch string(key) {
		case "r":
			ref = val
		case "t":
			typ = val
		case "s":
			style = val
		}
	}
	return
}

// attr returns the raw (still escaped) value of the attribute with the
// given local name, and whether it is there.
func (s *xmlScanner) attr(name string) ([]byte, bool) {
	t := s.tag
	i := skipName(t)
	for i < len(t) {
		key, val, next, ok := nextAttr(t, i)
		if !ok {
			return nil, false
		}
		i = next
		if j := bytes.LastIndexByte(key, ':'); j >= 0 {
			if string(key[:j]) == "xmlns" {
				continue
			}
			key = key[j+1:]
		}
		if string(key) == name {
			return val, true
		}
	}
	return nil, false
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// skipName returns the index in tag t after the element's name.
func skipName(t []byte) int {
	i := 0
	for i < len(t) && !isXMLSpace(t[i]) {
		i++
	}
	return i
}

// nextAttr reads the attribute at or after index i of tag t: its key (with
// its prefix), its raw value and the index after it; false when there is
// no well-formed attribute there.
func nextAttr(t []byte, i int) (key, val []byte, next int, ok bool) {
	for i < len(t) && (isXMLSpace(t[i]) || t[i] == '/') {
		i++
	}
	start := i
	for i < len(t) && t[i] != '=' && t[i] != ' ' {
		i++
	}
	key = t[start:i]
	for i < len(t) && (t[i] == '=' || t[i] == ' ') {
		i++
	}
	if i >= len(t) {
		return nil, nil, i, false
	}
	q := t[i]
	if q != '"' && q != '\'' {
		return nil, nil, i, false
	}
	i++
	vs := i
	for i < len(t) && t[i] != q {
		i++
	}
	return key, t[vs:min(i, len(t))], i + 1, true
}

// appendText appends the unescaped character data before the current tag
// to dst.
func (s *xmlScanner) appendText(dst []byte) []byte {
	return unescapeXML(dst, s.text)
}

var errBadEntity = errors.New("xlsx: bad character reference")

// unescapeXML appends src with its entity and character references
// replaced to dst.
func unescapeXML(dst, src []byte) []byte {
	for {
		i := bytes.IndexByte(src, '&')
		if i < 0 {
			return append(dst, src...)
		}
		dst = append(dst, src[:i]...)
		src = src[i:]
		j := bytes.IndexByte(src, ';')
		if j < 0 || j > 12 {
			// Not a reference; Excel never writes a bare '&', keep it.
			dst = append(dst, '&')
			src = src[1:]
			continue
		}
		ref := src[1:j]
		src = src[j+1:]
		switch string(ref) {
		case "lt":
			dst = append(dst, '<')
		case "gt":
			dst = append(dst, '>')
		case "amp":
			dst = append(dst, '&')
		case "quot":
			dst = append(dst, '"')
		case "apos":
			dst = append(dst, '\'')
		default:
			r, err := charRef(ref)
			if err != nil {
				dst = append(dst, '&')
				dst = append(dst, ref...)
				dst = append(dst, ';')
				continue
			}
			dst = utf8.AppendRune(dst, r)
		}
	}
}

// charRef decodes "#65" or "#x41".
func charRef(ref []byte) (rune, error) {
	if len(ref) < 2 || ref[0] != '#' {
		return 0, errBadEntity
	}
	base, digits := 10, ref[1:]
	if digits[0] == 'x' || digits[0] == 'X' {
		base, digits = 16, digits[1:]
	}
	v, err := strconv.ParseUint(string(digits), base, 32)
	if err != nil || !utf8.ValidRune(rune(v)) {
		return 0, errBadEntity
	}
	return rune(v), nil
}

// unescapeOOXML replaces the _xHHHH_ escapes OOXML uses in strings for
// characters XML cannot carry (control characters, _x000D_ for a carriage
// return). "_x005F_" escapes a literal underscore.
func unescapeOOXML(s []byte) []byte {
	if !bytes.Contains(s, []byte("_x")) {
		return s
	}
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		if i+7 <= len(s) && s[i] == '_' && s[i+1] == 'x' && s[i+6] == '_' {
			if v, err := strconv.ParseUint(string(s[i+2:i+6]), 16, 16); err == nil {
				out = utf8.AppendRune(out, rune(v))
				i += 7
				continue
			}
		}
		out = append(out, s[i])
		i++
	}
	return out
}
