package screens

// The meeting's documents from the editor: the minutes, the sign-in sheet,
// the public notice (PDFs from package pdf) and the minutes as Word (from
// package docx). Each asks where to save, with a Chinese default name such
// as 2026年第3次协商议事会议纪要.pdf, writes the file off the UI goroutine
// with a progress dialog, and offers to open it.

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"jiedao/data"
	"jiedao/docx"
	"jiedao/pdf"
)

// MeetingDocFunc writes one document of the meeting whose ID is key to
// path: the signature package pdf's and package docx's writers share.
type MeetingDocFunc func(ctx context.Context, s *data.Store, key, path string) error

// The meeting's document writers. They are variables so that a test (or a
// writer not built yet) can stand in; while one is nil its button tells
// the user the document is not available yet.
var (
	PrintMinutes  MeetingDocFunc = pdf.PrintMinutes
	PrintSignIn   MeetingDocFunc = pdf.PrintSignIn
	PrintNotice   MeetingDocFunc = pdf.PrintNotice
	ExportMinutes MeetingDocFunc = docx.ExportMinutes // .docx
)

// meetingDoc is one kind of document the editor writes.
type meetingDoc struct {
	write  func() MeetingDocFunc // read when used: tests replace the variables
	suffix string                // after the meeting's name: 纪要, 签到表…
	ext    string
	title  string // the job's title
}

func minutesDoc() meetingDoc {
	return meetingDoc{func() MeetingDocFunc { return PrintMinutes }, "纪要", "pdf", lang.L("Printing")}
}

func signInDoc() meetingDoc {
	return meetingDoc{func() MeetingDocFunc { return PrintSignIn }, "签到表", "pdf", lang.L("Printing")}
}

func noticeDoc() meetingDoc {
	return meetingDoc{func() MeetingDocFunc { return PrintNotice }, "决议公示", "pdf", lang.L("Printing")}
}

func wordDoc() meetingDoc {
	return meetingDoc{func() MeetingDocFunc { return ExportMinutes }, "纪要", "docx", lang.L("Exporting")}
}

// meetingName is how a file names the meeting: 2026年第3次协商议事会议,
// nth being its place among the year's meetings of its kind (0: left out).
func meetingName(m *data.Meeting, nth int) string {
	year := ""
	if len(m.Date) >= 4 {
		year = m.Date[:4] + "年"
	}
	kind := m.Kind
	switch {
	case kind == "" || kind == data.MeetingOther:
		kind = "会议"
	case strings.HasSuffix(kind, "会议"):
	case strings.HasSuffix(kind, "会"):
		kind += "议"
	default:
		kind += "会议"
	}
	if nth > 0 {
		return fmt.Sprintf("%s第%d次%s", year, nth, kind)
	}
	return year + kind
}

// meetingFileName is the default name of a document of m.
func meetingFileName(m *data.Meeting, nth int, doc meetingDoc) string {
	name := meetingName(m, nth) + doc.suffix
	if m.Version > 1 {
		name += fmt.Sprintf("（第%d版）", m.Version)
	}
	return name + "." + doc.ext
}

// writeMeetingDoc writes doc of meeting m to path off the UI goroutine and
// then offers to open it.
func writeMeetingDoc(env *Env, m *data.Meeting, doc meetingDoc, path string, done func(error)) {
	write := doc.write()
	if write == nil {
		env.ShowInfo(lang.L("Print"), lang.L("mtg.This document is not available yet."))
		return
	}
	s, key := env.Store(), strconv.FormatInt(m.ID, 10)
	env.RunJob(doc.title, func(ctx context.Context, _ func(int, int)) error {
		if err := makeFolderFor(path); err != nil {
			return err
		}
		return write(ctx, s, key, path)
	}, func(err error) {
		if done != nil {
			done(err)
		}
		if Cancelled(err) {
			return
		}
		if err != nil {
			env.ShowError(err)
			return
		}
		msg := lang.L("mtg.Saved to {{.Path}}", map[string]any{"Path": path})
		if isPDF(path) {
			msg = lang.L("win.PDF saved: {{.Path}}", map[string]any{"Path": path})
		}
		showWritten(env, path, msg)
	})
}

// saveMeetingDoc asks where to save doc of m (a default name in the
// documents folder) and writes it there.
func saveMeetingDoc(env *Env, m data.Meeting, doc meetingDoc) {
	if m.ID == 0 {
		env.ShowInfo(lang.L("Print"), lang.L("mtg.Save the meeting before printing it."))
		return
	}
	if doc.write() == nil {
		env.ShowInfo(lang.L("Print"), lang.L("mtg.This document is not available yet."))
		return
	}
	s := env.Store()
	env.Background(func(ctx context.Context) error {
		nth, err := s.MeetingOrdinal(ctx, &m)
		if err != nil {
			nth = 0 // the name is a suggestion: go on without the number
		}
		name := meetingFileName(&m, nth, doc)
		fyne.Do(func() {
			saveAs(env, name, "."+doc.ext, func(path string) { writeMeetingDoc(env, &m, doc, path, nil) })
		})
		return nil
	}, nil)
}
