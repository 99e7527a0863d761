package sheet

// Cell references of a worksheet: "AB12", "$A$1".

import (
	"strconv"
	"strings"
)

// cellRefBytes is cellRef without converting to a string.
func cellRefBytes(ref []byte) (col, row int, ok bool) {
	i := 0
	if len(ref) > 0 && ref[0] == '$' {
		i++
	}
	for i < len(ref) {
		c := ref[i] | 0x20
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a'+1)
		i++
	}
	if col == 0 || col > 16384 {
		return 0, 0, false
	}
	if i < len(ref) && ref[i] == '$' {
		i++
	}
	for ; i < len(ref); i++ {
		c := ref[i]
		if c < '0' || c > '9' {
			return 0, 0, false
		}
		row = row*10 + int(c-'0')
	}
	return col - 1, row, true
}

// cellRef parses "AB12" into column 27 (0-based) and row 12. A reference
// without a row ("AB", in some writers' ranges) gives row 0.
func cellRef(ref string) (col, row int, ok bool) {
	ref = strings.TrimPrefix(ref, "$")
	i := 0
	col = 0
	for i < len(ref) {
		c := ref[i] | 0x20
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a'+1)
		i++
	}
	if i == 0 || col > 16384 {
		return 0, 0, false
	}
	rest := strings.TrimPrefix(ref[i:], "$")
	if rest != "" {
		n, err := strconv.Atoi(rest)
		if err != nil || n < 1 {
			return 0, 0, false
		}
		row = n
	}
	return col - 1, row, true
}
