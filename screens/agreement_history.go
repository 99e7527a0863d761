package screens

// The agreement's history tab: the meeting resolution it carries out, its
// supplementary agreements, and every change recorded in the audit trail.

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
)

type historyTab struct {
	d   *agreementDetail
	box *fyne.Container
}

// Columns of the supplementary agreements (number, title: the rest,
// change of amount, new end, status) and of the history (time, operator,
// action; the status after takes the rest).
var (
	supplementColumns = flexAt(1, 230, 80, 130, 110, 70)
	historyColumns    = flexAt(3, 190, 110, 90, 80)
)

func (t *historyTab) build() fyne.CanvasObject {
	t.box = container.NewVBox()
	return container.NewVScroll(t.box)
}

func (t *historyTab) refresh() {
	d := t.d
	var objs []fyne.CanvasObject
	if src := d.source; src != nil {
		objs = append(objs, subheading(lang.L("agr.Meeting resolution")))
		link := newTapArea(&widget.Label{Text: src.text, Wrapping: fyne.TextWrapWord}, func() { OpenMeeting(d.env, src.meetingID) })
		link.tight = true
		objs = append(objs, link)
	}
	if !d.a.IsSupplement() {
		objs = append(objs, t.supplements()...)
	}
	objs = append(objs, subheading(lang.L("agr.Changes recorded")))
	header, cols := headerRow(historyColumns, lang.L("agr.Time"), lang.L("agr.Operator"), lang.L("agr.Action"), lang.L("agr.Status after"))
	objs = append(objs, header)
	for _, e := range d.audit {
		op := e.Operator
		if op == "" {
			op = lang.L("audit.operator.unset")
		}
		row := newRow(cols)
		setCells(row, FormatDateTime(e.At.Local()), op, actionName(e.Action), auditStatus(e))
		objs = append(objs, row)
	}
	t.box.Objects = objs
	t.box.Refresh()
}

// supplements are the rows of the agreement's supplementary agreements,
// each opening its own.
func (t *historyTab) supplements() []fyne.CanvasObject {
	objs := []fyne.CanvasObject{subheading(lang.L("agr.Supplementary agreements"))}
	header, cols := headerRow(supplementColumns, lang.L("agr.Number"), lang.L("agr.Title"),
		lang.L("agr.Change of amount"), lang.L("agr.New end of term"), lang.L("Status"))
	objs = append(objs, header)
	for _, s := range t.d.supplements {
		id := s.ID
		row := newRow(cols)
		setCells(row, s.Number, s.Title, signedYuan(s.AmountChange), orDash(s.NewTermEnd), s.Status)
		link := newTapArea(row, func() { t.d.list.openAgreement(id) })
		link.tight = true
		objs = append(objs, link)
	}
	if len(t.d.supplements) == 0 {
		objs = append(objs, noneYet(lang.L("agr.None.")))
	}
	return objs
}

// auditStatus is the status an audit entry left its record in, read from
// its after-image ("" when there is none).
func auditStatus(e data.AuditEntry) string {
	const key = `"status":"`
	i := strings.Index(e.After, key)
	if i < 0 {
		return ""
	}
	rest := e.After[i+len(key):]
	if j := strings.IndexByte(rest, '"'); j >= 0 {
		return rest[:j]
	}
	return ""
}
