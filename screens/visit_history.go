package screens

// A resident's visits, newest first, in a dialog: from the resident's
// detail and from an action a visit's referral made (the actions board's
// "open" goes to the visit, which has no meeting of its own).

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
)

// openVisitOf shows the visits of the resident visit id was made to.
func openVisitOf(env *Env, visitID int64) {
	s := env.Store()
	var r data.Resident
	env.Background(func(ctx context.Context) error {
		v, err := s.Visit(ctx, visitID)
		if err != nil {
			return err
		}
		r, err = s.Resident(ctx, v.ResidentID)
		return err
	}, func(err error) {
		if err != nil {
			env.ShowError(err)
			return
		}
		ShowVisits(env, r.ID, r.Name)
	})
}

// ShowVisits shows resident id's tier and visits, with a button that
// records one more.
func ShowVisits(env *Env, id int64, name string) {
	s := env.Store()
	var vs []data.Visit
	var tier string
	env.Background(func(ctx context.Context) error {
		var err error
		if tier, _, err = s.CareTier(ctx, id); err != nil {
			return err
		}
		vs, err = s.Visits(ctx, id)
		return err
	}, func(err error) {
		if err != nil {
			env.ShowError(err)
			return
		}
		showVisitList(env, id, name, tier, vs)
	})
}

func showVisitList(env *Env, id int64, name, tier string, vs []data.Visit) {
	if tier == "" {
		tier = lang.L("visit.Not tracked")
	}
	lines := make([]string, len(vs))
	for i, v := range vs {
		met := ""
		if !v.Met {
			met = lang.L("visit.(not met)")
		}
		var notes []string
		for _, c := range v.Checks() {
			if c.Result == data.CheckWatch || c.Result == data.CheckProblem {
				notes = append(notes, c.Item+c.Result+" "+c.Note)
			}
		}
		if v.Referral != "" {
			notes = append(notes, lang.L("visit.Referral")+"："+v.Referral)
		}
		lines[i] = strings.TrimSpace(v.Date+" "+v.Time+" "+v.Method+met+" "+v.Visitor) + "\n" + strings.Join(notes, "；")
	}
	list := &widget.List{
		Length:     func() int { return len(lines) },
		CreateItem: func() fyne.CanvasObject { return &widget.Label{Wrapping: fyne.TextWrapWord} },
		UpdateItem: func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(lines[i]) },
	}
	empty := &widget.Label{Text: lang.L("visit.No visits yet."), Alignment: fyne.TextAlignCenter}
	showWhen(empty, len(lines) == 0)
	var d interface{ Hide() }
	record := &widget.Button{Text: lang.L("visit.Record visit…"), Icon: theme.ContentAddIcon(), Importance: widget.HighImportance, OnTapped: func() {
		d.Hide()
		ShowVisitForm(env, id, name, func() { ShowVisits(env, id, name) })
	}}
	again := func() { ShowVisits(env, id, name) }
	setTier := &widget.Button{Text: lang.L("visit.Set tier…"), OnTapped: func() { d.Hide(); showSetTier(env, id, name, again) }}
	event := &widget.Button{Text: lang.L("visit.Major event…"), OnTapped: func() { d.Hide(); showCareEvent(env, id, name, again) }}
	top := container.NewBorder(nil, nil, widget.NewLabel(lang.L("visit.Care tier: {{.Tier}}", map[string]any{"Tier": tier})),
		container.NewHBox(setTier, event, record))
	d = showClosable(env, lang.L("visit.Visits of {{.Name}}", map[string]any{"Name": name}),
		container.NewBorder(top, nil, nil, nil, container.NewStack(list, empty)), fyne.NewSize(640, 480))
}
