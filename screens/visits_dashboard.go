package screens

// The dashboard's care-visit figures: this month's visit rate and the
// people overdue, in all and per community, each opening its list on the
// visits board. They load on their own (as the meetings' figures do), so
// the register's figures do not wait for them.

import (
	"context"
	"fmt"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
)

// visitRateColumns: community, visited of tracked, rate, overdue.
var visitRateColumns = []float32{150, 110, 80, 110}

// VisitFigures is the dashboard's care-visit panel.
func VisitFigures(env *Env) fyne.CanvasObject {
	big := func() *canvas.Text {
		return &canvas.Text{Text: "…", TextSize: theme.TextHeadingSize() * 1.4,
			TextStyle: fyne.TextStyle{Bold: true}, Color: theme.Color(theme.ColorNamePrimary)}
	}
	rateN, overdueN := big(), big()
	rateNote := &widget.Label{Text: " ", Importance: widget.LowImportance, Truncation: fyne.TextTruncateEllipsis}
	overdueNote := &widget.Label{Text: " ", Importance: widget.LowImportance, Truncation: fyne.TextTruncateEllipsis}
	tile := func(name string, n *canvas.Text, note *widget.Label, tap func()) fyne.CanvasObject {
		t := newTapArea(container.NewVBox(&widget.Label{Text: name, Truncation: fyne.TextTruncateEllipsis}, n, note), tap)
		t.fill = theme.Color(theme.ColorNameInputBackground)
		return t
	}
	rows := container.NewVBox()
	panel := container.NewVBox(container.NewGridWithColumns(2,
		tile(lang.L("visit.Visits this month"), rateN, rateNote, func() { OpenVisitsBoard(env, "", "") }),
		tile(lang.L("visit.Overdue visits"), overdueN, overdueNote, func() { OpenVisitsBoard(env, "", data.DueOverdue) }),
	), rows)
	s := env.Store()
	env.Background(func(ctx context.Context) error {
		rates, err := s.VisitRates(ctx)
		fyne.Do(func() {
			if err != nil {
				rateN.Text, overdueN.Text = "—", "—"
			} else {
				showVisitRates(env, rates, rateN, overdueN, rateNote, overdueNote, rows)
			}
			rateN.Refresh()
			overdueN.Refresh()
		})
		return err
	}, nil)
	return panel
}

func showVisitRates(env *Env, rates []data.CommunityVisitRate, rateN, overdueN *canvas.Text, rateNote, overdueNote *widget.Label, rows *fyne.Container) {
	var all data.CommunityVisitRate
	for _, r := range rates {
		all.Tracked, all.Visited, all.Overdue, all.Never = all.Tracked+r.Tracked, all.Visited+r.Visited, all.Overdue+r.Overdue, all.Never+r.Never
	}
	rateN.Text, overdueN.Text = formatShare(all.Rate()), strconv.Itoa(all.Overdue)
	rateNote.SetText(fmt.Sprintf("%d / %d", all.Visited, all.Tracked))
	overdueNote.SetText(dueStateName(data.DueNever) + " " + strconv.Itoa(all.Never))
	if all.Overdue > 0 {
		overdueN.Color = theme.Color(theme.ColorNameError)
	}
	rows.Objects = nil
	if len(rates) < 2 {
		rows.Refresh()
		return // one community: the tiles say it all
	}
	rows.Add(container.New(&columns{widths: visitRateColumns}, headerCell(lang.L("Community")),
		countHeader(lang.L("visit.Visited")), countHeader(lang.L("visit.Rate")), countHeader(dueStateName(data.DueOverdue))))
	for _, r := range rates {
		c := r.Community
		open := func(state string) func() { return func() { OpenVisitsBoard(env, c, state) } }
		link := func(text string, tap func()) fyne.CanvasObject {
			t := newTapArea(&widget.Label{Text: text, Alignment: fyne.TextAlignTrailing}, tap)
			t.tight = true
			return t
		}
		rows.Add(container.New(&columns{widths: visitRateColumns}, cell(c),
			link(fmt.Sprintf("%d / %d", r.Visited, r.Tracked), open("")), link(formatShare(r.Rate()), open("")),
			link(strconv.Itoa(r.Overdue), open(data.DueOverdue))))
	}
	rows.Refresh()
}
