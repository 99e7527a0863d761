package screens

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
)

// dashboard is the home page: the office, what the registers hold and
// when the data was last backed up. Before the office is set up it shows
// the welcome page instead.
type dashboard struct {
	env *Env

	stack   *fyne.Container // holds summary or the welcome page
	summary fyne.CanvasObject
	welcome fyne.CanvasObject

	office     *widget.Label
	address    *widget.Label
	households *widget.Card
	residents  *widget.Card
	lastBackup *widget.Card
}

// NewDashboard returns the home page.
func NewDashboard(env *Env) Screen {
	return &dashboard{env: env}
}

func (d *dashboard) BuildUI() fyne.CanvasObject {
	d.office = heading("")
	d.address = &widget.Label{Wrapping: fyne.TextWrapWord}
	d.households = &widget.Card{Title: "—", Subtitle: lang.L("Households")}
	d.residents = &widget.Card{Title: "—", Subtitle: lang.L("Residents")}
	d.lastBackup = &widget.Card{Title: "—", Subtitle: lang.L("Last backup")}

	backup := &widget.Button{Text: lang.L("Back up now"), Icon: theme.DocumentSaveIcon(), OnTapped: d.onBackup}
	settings := &widget.Button{Text: lang.L("Office details"), Icon: theme.SettingsIcon(), OnTapped: func() { d.env.navigate(PageSettings) }}

	d.summary = container.NewBorder(
		container.NewVBox(d.office, d.address, widget.NewSeparator()), nil, nil, nil,
		container.NewVBox(
			container.NewGridWithColumns(3, d.households, d.residents, d.lastBackup),
			container.NewHBox(backup, settings),
		),
	)
	d.welcome = newWelcome(d.env, d.Reload).buildUI()
	d.stack = container.NewStack(d.summary)
	return d.stack
}

// counts is what the dashboard shows, read off the UI goroutine.
type counts struct {
	first                 bool
	settings              data.Settings
	households, residents int64
	lastBackup            data.AuditEntry // ID 0: never
}

// Reload reads the counts again; the shell calls it each time the page is
// shown, and the welcome page after loading demo data.
func (d *dashboard) Reload() {
	s := d.env.Store()
	d.env.Background(func(ctx context.Context) error {
		c, err := loadCounts(ctx, s)
		fyne.Do(func() {
			if err == nil {
				d.show(c)
			}
		})
		return err
	}, d.env.ShowError)
}

func loadCounts(ctx context.Context, s *data.Store) (counts, error) {
	var c counts
	var err error
	if c.first, err = s.FirstRun(ctx); err != nil {
		return c, err
	}
	if c.settings, err = s.Settings(ctx); err != nil {
		return c, err
	}
	db := s.DB().WithContext(ctx)
	if err := db.Model(&data.Household{}).Count(&c.households).Error; err != nil {
		return c, fmt.Errorf("count households: %w", err)
	}
	if err := db.Model(&data.Resident{}).Count(&c.residents).Error; err != nil {
		return c, fmt.Errorf("count residents: %w", err)
	}
	// The audit trail records every backup of this database, whoever made
	// it (the window, the command line, the daily automatic one).
	err = db.Where("action = ?", data.ActionBackup).Order("id DESC").Limit(1).Find(&c.lastBackup).Error
	if err != nil {
		return c, fmt.Errorf("last backup: %w", err)
	}
	return c, nil
}

func (d *dashboard) show(c counts) {
	if c.first {
		d.stack.Objects = []fyne.CanvasObject{d.welcome}
		d.stack.Refresh()
		return
	}
	d.stack.Objects = []fyne.CanvasObject{d.summary}
	name := c.settings.OfficeName
	if name == "" {
		name = lang.L("Office name not set")
	}
	d.office.SetText(name)
	d.address.SetText(c.settings.Address)
	d.households.SetTitle(fmt.Sprint(c.households))
	d.residents.SetTitle(fmt.Sprint(c.residents))
	if c.lastBackup.ID == 0 {
		d.lastBackup.SetTitle(lang.L("Never"))
	} else {
		d.lastBackup.SetTitle(FormatDateTime(c.lastBackup.At.Local()))
	}
	d.stack.Refresh()
}

func (d *dashboard) onBackup() {
	if d.env.Backup != nil {
		d.env.Backup()
	}
}
