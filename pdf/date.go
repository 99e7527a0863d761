package pdf

import (
	"fmt"
	"time"
)

// DateCN formats a date the way Chinese documents print it since GB/T
// 9704-2012: Arabic numerals without leading zeros, "2026年11月25日".
func DateCN(t time.Time) string {
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}

// DateBlank is an empty date line for filling in by hand at signing:
// ideographic spaces (one character wide each, never trimmed or squeezed
// by line breaking) leave room for the year, month and day.
const DateBlank = "\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日"

// dateBlankNarrow is DateBlank with room for the year one character less
// (three ideographic spaces are still 11 mm at 五号, enough for four
// handwritten digits): for a column too narrow for the full one, so that
// "日" never wraps alone.
const dateBlankNarrow = "\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日"
