package screens

// The care visits' settings, from the visits board: each tier's cadence
// and window after a major event, the rules as they stand (read-only
// here: data.VisitRules holds them), and the temporary intensifications,
// listed and added. A resident's tier set by hand and a major event are
// recorded from the resident's visits (visit_history.go).

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
)

// showVisitSettings reads the rules and the intensifications and opens
// the dialog; saved runs after a change.
func showVisitSettings(env *Env, saved func()) {
	s := env.Store()
	var rules data.VisitRules
	var ins []data.Intensification
	env.Background(func(ctx context.Context) error {
		var err error
		if rules, err = s.VisitRules(ctx); err != nil {
			return err
		}
		ins, err = s.Intensifications(ctx, isoDate(storeToday(s)))
		return err
	}, func(err error) {
		if err != nil {
			env.ShowError(err)
			return
		}
		newVisitSettings(env, rules, ins, saved).show()
	})
}

type visitSettings struct {
	env   *Env
	rules data.VisitRules
	ins   []data.Intensification
	saved func()
	form  dialogForm
	days  []*widget.Entry // by data.Tiers
	event []*widget.Entry
}

func newVisitSettings(env *Env, rules data.VisitRules, ins []data.Intensification, saved func()) *visitSettings {
	v := &visitSettings{env: env, rules: rules, ins: ins, saved: saved}
	for _, tier := range data.Tiers {
		c := rules.Cadence(tier)
		d := &widget.Entry{Text: strconv.Itoa(c.Days)}
		e := &widget.Entry{Text: strconv.Itoa(c.EventDays)}
		v.days, v.event = append(v.days, d), append(v.event, e)
		// One field per tier; data's own refusals (Field "cadences", with
		// the tier) go to the general line and name the tier.
		v.form.fields = append(v.form.fields, newFormField("cadences:"+tier, tier, container.NewGridWithColumns(4,
			widget.NewLabel(lang.L("visit.Every (days)")), d, widget.NewLabel(lang.L("visit.After an event (days)")), e)))
	}
	return v
}

func (v *visitSettings) show() {
	var lines []string
	for _, r := range v.rules.Rules {
		lines = append(lines, ruleText(r))
	}
	rules := &widget.Label{Text: strings.Join(lines, "\n"), Wrapping: fyne.TextWrapWord}
	var insLines []string
	for _, in := range v.ins {
		where := in.Community
		if where == "" {
			where = lang.L("(all)")
		}
		insLines = append(insLines, fmt.Sprintf("%s — %s　%s　%s %d　%s", in.From, in.To, where, in.Tier, in.Days, in.Reason))
	}
	if len(insLines) == 0 {
		insLines = []string{lang.L("visit.None now.")}
	}
	add := &widget.Button{Text: lang.L("visit.Intensify…"), OnTapped: func() { showIntensify(v.env, v.saved) }}
	extra := container.NewVBox(subheading(lang.L("visit.Rules")), rules,
		subheading(lang.L("visit.Intensified visits")), &widget.Label{Text: strings.Join(insLines, "\n"), Wrapping: fyne.TextWrapWord},
		container.NewHBox(add))
	v.form.general = errorLabel()
	content := container.NewVBox(fieldGrid(1, labelsWidth(90, v.form.fields...), v.form.fields...), v.form.general, extra)
	v.form.dialog, v.form.ok = v.env.showFormDialog(lang.L("visit.Visit settings"), lang.L("Save"), container.NewVScroll(content),
		fyne.NewSize(760, 560), v.save, nil)
}

// ruleText is a rule as the settings list it: 特别关注：80岁以上，独居老人.
func ruleText(r data.TierRule) string {
	var parts []string
	if r.MinAge > 0 {
		parts = append(parts, lang.L("visit.{{.Age}} and over", map[string]any{"Age": r.MinAge}))
	}
	if len(r.Tags) > 0 {
		parts = append(parts, strings.Join(r.Tags, lang.L("visit.or")))
	}
	return r.Tier + lang.X("label.separator", ": ") + strings.Join(parts, lang.L("visit.and"))
}

func (v *visitSettings) save() {
	next := v.rules
	next.Cadences = nil
	for i, tier := range data.Tiers {
		d, err1 := strconv.Atoi(strings.TrimSpace(v.days[i].Text))
		e, err2 := strconv.Atoi(strings.TrimSpace(v.event[i].Text))
		if err1 != nil || err2 != nil {
			v.form.refuse(inputError("cadences:"+tier, data.KeyVisitCadence, map[string]any{"Tier": tier, "Value": v.days[i].Text}))
			return
		}
		next.Cadences = append(next.Cadences, data.TierCadence{Tier: tier, Days: d, EventDays: e})
	}
	s := v.env.Store()
	v.form.run(v.env, func(ctx context.Context) error { return s.SaveVisitRules(ctx, next) }, func() {
		if v.saved != nil {
			v.saved()
		}
	})
}

// showIntensify adds an intensification.
func showIntensify(env *Env, saved func()) {
	var f dialogForm
	from, to := newDateField("", "2026-07-01"), newDateField("", "2026-08-31")
	tier := &widget.Select{Options: data.Tiers, Selected: data.TierPriority}
	days := &widget.Entry{Text: "7"}
	community := &widget.Entry{PlaceHolder: lang.L("visit.Empty: the whole street")}
	reason := &widget.Entry{PlaceHolder: lang.L("visit.Heat wave, holiday, epidemic…")}
	f.fields = []*formField{
		newFormField("from", lang.L("visit.From"), from), newFormField("to", lang.L("visit.To"), to),
		newFormField("tier", lang.L("visit.Tier"), tier), newFormField("days", lang.L("visit.Every (days)"), days),
		newFormField("community", lang.L("Community"), community), newFormField("reason", lang.L("visit.Reason"), reason),
	}
	s := env.Store()
	f.show(env, lang.L("visit.Intensified visits"), lang.L("Save"), fyne.NewSize(520, 460), func() {
		n, err := strconv.Atoi(strings.TrimSpace(days.Text))
		if err != nil {
			f.refuse(inputError("days", data.KeyVisitIntensifyDays, map[string]any{"Value": days.Text}))
			return
		}
		in := &data.Intensification{From: from.Text, To: to.Text, Tier: tier.Selected, Days: n, Community: community.Text, Reason: reason.Text}
		f.run(env, func(ctx context.Context) error { return s.AddIntensification(ctx, in) }, func() {
			if saved != nil {
				saved()
			}
		})
	})
}

// showSetTier sets resident id's tier by hand (or, with the first
// option, back to the rules').
func showSetTier(env *Env, id int64, name string, done func()) {
	var f dialogForm
	byRules := lang.L("visit.As the rules give it")
	tier := &widget.Select{Options: append([]string{byRules}, data.Tiers...), Selected: byRules}
	reason := &widget.Entry{PlaceHolder: lang.L("visit.Why (required for a tier by hand)")}
	f.fields = []*formField{newFormField("tier", lang.L("visit.Tier"), tier), newFormField("reason", lang.L("visit.Reason"), reason)}
	s := env.Store()
	f.show(env, lang.L("visit.Care tier of {{.Name}}", map[string]any{"Name": name}), lang.L("Save"), fyne.NewSize(480, 280), func() {
		t := tier.Selected
		if t == byRules {
			t = ""
		}
		f.run(env, func(ctx context.Context) error { return s.SetCareTier(ctx, id, t, reason.Text) }, done)
	})
}

// showCareEvent records a major event of resident id.
func showCareEvent(env *Env, id int64, name string, done func()) {
	var f dialogForm
	day := newDateField(isoDate(storeToday(env.Store())), "2026-01-31")
	what := &widget.Entry{PlaceHolder: lang.L("visit.A fall, a stay in hospital, a bereavement…")}
	f.fields = []*formField{newFormField("date", lang.L("visit.Date"), day), newFormField("what", lang.L("visit.What happened"), what)}
	s := env.Store()
	f.show(env, lang.L("visit.Major event: {{.Name}}", map[string]any{"Name": name}), lang.L("Save"), fyne.NewSize(480, 280), func() {
		e := &data.CareEvent{ResidentID: id, Date: day.Text, What: what.Text}
		f.run(env, func(ctx context.Context) error { return s.RecordCareEvent(ctx, e) }, done)
	})
}

func isoDate(t time.Time) string { return t.Format(time.DateOnly) }
