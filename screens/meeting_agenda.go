package screens

// The agenda tab: the items (议题) in order, each with its background, the
// proposals and the speeches (who said what, in order). Items move up and
// down in the list; speeches in the item's form.

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
)

type agendaTab struct {
	d *meetingEditor
	childTable
}

// Agenda columns: seq, topic (the rest, at least 300), speeches,
// background.
var agendaColumns = flexAt(1, 36, 300, 80, 260)

func (t *agendaTab) build() fyne.CanvasObject {
	header, cols := headerRow(agendaColumns, "#", lang.L("mtg.Topic"), lang.L("mtg.Speeches"), lang.L("mtg.Background"))
	t.initTable(lang.L("mtg.Add agenda item"), lang.L("mtg.No agenda items yet."), func() { t.edit(-1) },
		func() int { return len(t.d.m.Agenda) }, cols, t.rowButtons, t.updateRow)
	return t.tableBody(container.NewHBox(t.addBtn), toolHeader(header, t.rowButtons()))
}

func (t *agendaTab) rowButtons() *fyne.Container {
	return fixedTools(newTipButton(theme.MoveUpIcon(), "tip.Move up", nil), newTipButton(theme.MoveDownIcon(), "tip.Move down", nil),
		newTipButton(theme.DocumentCreateIcon(), "tip.Edit", nil), newTipButton(theme.DeleteIcon(), "tip.Delete", nil))
}

func (t *agendaTab) updateRow(id int, row, buttons *fyne.Container) {
	items := t.d.m.Agenda
	if id >= len(items) {
		return
	}
	it := items[id]
	setCells(row, strconv.Itoa(id+1), it.Topic, strconv.Itoa(len(it.Speeches)), firstLineOf(it.Background))
	up, down := toolButton(buttons.Objects[0]), toolButton(buttons.Objects[1])
	edit, remove := toolButton(buttons.Objects[2]), toolButton(buttons.Objects[3])
	up.OnTapped = func() { t.move(id, -1) }
	down.OnTapped = func() { t.move(id, 1) }
	edit.OnTapped = func() { t.edit(id) }
	remove.OnTapped = func() { t.remove(id, it) }
	edit.SetIcon(theme.DocumentCreateIcon())
	if t.d.readOnly {
		edit.SetIcon(theme.VisibilityIcon()) // read it
	}
	enableWhen(up, !t.d.readOnly && id > 0)
	enableWhen(down, !t.d.readOnly && id < len(items)-1)
	showWhen(up, !t.d.readOnly)
	showWhen(down, !t.d.readOnly)
	showWhen(remove, !t.d.readOnly)
}

func (t *agendaTab) refresh() {
	t.refreshTable(len(t.d.m.Agenda), !t.d.readOnly)
}

// move swaps item i with its neighbour by (-1 up, +1 down).
func (t *agendaTab) move(i, by int) {
	j := i + by
	id := t.d.m.Agenda[i].ID
	t.d.saveChildren(func(m *data.Meeting) {
		if i < len(m.Agenda) && j >= 0 && j < len(m.Agenda) && m.Agenda[i].ID == id {
			m.Agenda[i], m.Agenda[j] = m.Agenda[j], m.Agenda[i]
		}
	}, func(err error) { t.d.env.ShowError(err) })
}

func (t *agendaTab) remove(i int, it data.AgendaItem) {
	msg := lang.L("mtg.Remove the agenda item “{{.Topic}}” with its speeches?", map[string]any{"Topic": it.Topic})
	t.d.confirmRemove(lang.L("mtg.Remove agenda item"), msg, func(m *data.Meeting) {
		m.Agenda = dropAt(m.Agenda, i, func(x data.AgendaItem) bool { return x.ID == it.ID })
	})
}

// speechRow is one speech in the item's form.
type speechRow struct {
	speaker *widget.Entry
	summary *widget.Entry
}

// edit opens the form of item i (-1: a new one); read-only minutes show it
// without saving.
func (t *agendaTab) edit(i int) {
	var it data.AgendaItem
	if i >= 0 && i < len(t.d.m.Agenda) {
		it = t.d.m.Agenda[i]
	}
	ro := t.d.readOnly
	topic := &widget.Entry{Text: it.Topic}
	background := &widget.Entry{Text: it.Background, MultiLine: true, Wrapping: fyne.TextWrapWord}
	background.SetMinRowsVisible(3)
	proposals := &widget.Entry{Text: it.Proposals, MultiLine: true, Wrapping: fyne.TextWrapWord}
	proposals.SetMinRowsVisible(3)
	var rows []*speechRow
	speechBox := container.NewVBox()
	var redraw func()
	newSpeech := func(sp data.Speech) *speechRow {
		r := &speechRow{speaker: &widget.Entry{Text: sp.Speaker, PlaceHolder: lang.L("mtg.Speaker")},
			summary: &widget.Entry{Text: sp.Summary, MultiLine: true, Wrapping: fyne.TextWrapWord, PlaceHolder: lang.L("mtg.What was said")}}
		r.summary.SetMinRowsVisible(2)
		return r
	}
	redraw = func() {
		speechBox.Objects = nil
		for k, r := range rows {
			k, r := k, r
			up := newTipButton(theme.MoveUpIcon(), "tip.Move up", func() {
				rows[k], rows[k-1] = rows[k-1], rows[k]
				redraw()
			})
			down := newTipButton(theme.MoveDownIcon(), "tip.Move down", func() {
				rows[k], rows[k+1] = rows[k+1], rows[k]
				redraw()
			})
			del := newTipButton(theme.DeleteIcon(), "tip.Delete", func() {
				rows = append(rows[:k], rows[k+1:]...)
				redraw()
			})
			enableWhen(up, k > 0)
			enableWhen(down, k < len(rows)-1)
			tools := container.NewVBox(container.NewHBox(up, down, del))
			if ro {
				tools.Hide()
				r.speaker.Disable()
				r.summary.Disable()
			}
			left := container.NewVBox(container.New(&fixedWidth{w: 150}, r.speaker))
			speechBox.Add(container.NewBorder(nil, nil, left, tools, r.summary))
		}
		speechBox.Refresh()
	}
	for _, sp := range it.Speeches {
		rows = append(rows, newSpeech(sp))
	}
	redraw()
	addSpeech := &widget.Button{Text: lang.L("mtg.Add speech"), Icon: theme.ContentAddIcon(), OnTapped: func() {
		rows = append(rows, newSpeech(data.Speech{}))
		redraw()
		t.d.env.Window.Canvas().Focus(rows[len(rows)-1].speaker)
	}}
	msg := errorLabel()
	form := &widget.Form{Items: []*widget.FormItem{
		{Text: lang.L("mtg.Topic"), Widget: topic},
		{Text: lang.L("mtg.Background"), Widget: background},
		{Text: lang.L("mtg.Proposals"), Widget: proposals},
	}}
	if ro {
		topic.Disable()
		background.Disable()
		proposals.Disable()
		addSpeech.Hide()
	}
	content := container.NewVScroll(container.NewVBox(form, subheading(lang.L("mtg.Speeches")), speechBox, container.NewHBox(addSpeech), msg))
	if ro {
		showClosable(t.d.env, lang.L("mtg.Agenda item"), content, fyne.NewSize(860, 600))
		return
	}
	t.d.editChild(i, lang.L("mtg.Add agenda item"), lang.L("mtg.Edit agenda item"), content, fyne.NewSize(860, 600), msg, func(c *childDialog) {
		v := it
		v.Topic, v.Background, v.Proposals = topic.Text, background.Text, proposals.Text
		v.Speeches = nil
		for _, r := range rows {
			if r.speaker.Text == "" && r.summary.Text == "" {
				continue // an empty row left over
			}
			v.Speeches = append(v.Speeches, data.Speech{Speaker: r.speaker.Text, Summary: r.summary.Text})
		}
		v.Seq = seqOf(i, len(t.d.m.Agenda))
		check := v
		check.Speeches = append([]data.Speech(nil), v.Speeches...)
		c.save(check.Validate(), func(m *data.Meeting) { m.Agenda = putAt(m.Agenda, i, v) }, lang.L("mtg.Agenda item saved."))
	}, nil)
	t.d.env.Window.Canvas().Focus(topic)
}

// firstLineOf is the first line of s, for a one-line cell.
func firstLineOf(s string) string {
	for i, r := range s {
		if r == '\n' {
			return s[:i] + " …"
		}
	}
	return s
}
