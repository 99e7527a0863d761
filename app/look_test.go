package app

import (
	"context"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
	"jiedao/screens"
)

// settingsSelect is the select of the settings page offering option.
func settingsSelect(t *testing.T, u *ui, option string) *widget.Select {
	t.Helper()
	for _, o := range test.LaidOutObjects(u.views[screens.PageSettings]) {
		if s, ok := o.(*widget.Select); ok && slices.Contains(s.Options, option) {
			return s
		}
	}
	t.Fatalf("the settings page has no select offering %q", option)
	return nil
}

// TestLookDefaultsLight: a new window is light whatever the system says,
// in standard text.
func TestLookDefaultsLight(t *testing.T) {
	u, _ := newTestUI(t, "zh")
	th := u.app.Settings().Theme()
	def := theme.DefaultTheme()
	if got, want := th.Color(theme.ColorNameBackground, theme.VariantDark), def.Color(theme.ColorNameBackground, theme.VariantLight); got != want {
		t.Errorf("on a dark system the background is %v, want light %v", got, want)
	}
	if th.Size(theme.SizeNameText) != def.Size(theme.SizeNameText) {
		t.Errorf("standard text is %v, want Fyne's %v", th.Size(theme.SizeNameText), def.Size(theme.SizeNameText))
	}
}

// TestLookSwitch: 深色 and 特大 chosen in the settings apply as soon as they
// are saved, are stored, and a new window starts with them; 跟随系统
// follows the system's variant.
func TestLookSwitch(t *testing.T) {
	u, s := newTestUI(t, "zh")
	if err := s.SaveSettings(context.Background(), data.Settings{OfficeName: "东华门街道办事处", Operator: "王芳"}); err != nil {
		t.Fatal(err)
	}
	u.navigate(screens.PageSettings)
	colours, size := settingsSelect(t, u, "深色"), settingsSelect(t, u, "特大")
	colours.SetSelected("深色")
	size.SetSelected("特大")
	u.dispatch(actSave)
	u.env.Wait()

	got, err := s.Settings(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got.Theme != data.ThemeDark || got.TextSize != data.TextXLarge {
		t.Fatalf("stored theme %q text %q", got.Theme, got.TextSize)
	}
	def := theme.DefaultTheme()
	check := func(a fyne.App, bg fyne.ThemeVariant, scale float32) {
		t.Helper()
		th := a.Settings().Theme()
		if got, want := th.Color(theme.ColorNameBackground, theme.VariantLight), def.Color(theme.ColorNameBackground, bg); got != want {
			t.Errorf("background %v, want %v", got, want)
		}
		if got, want := th.Size(theme.SizeNameText), def.Size(theme.SizeNameText)*scale; got != want {
			t.Errorf("text size %v, want %v", got, want)
		}
	}
	check(u.app, theme.VariantDark, 1.3)

	u2 := newUI(test.NewTempApp(t), s, Options{DBPath: s.Path(), Lang: "zh", inline: true})
	t.Cleanup(func() { u2.env.Close(); u2.env.Wait() })
	check(u2.app, theme.VariantDark, 1.3)

	colours.SetSelected("跟随系统")
	size.SetSelected("大")
	u.dispatch(actSave)
	u.env.Wait()
	th := u.app.Settings().Theme()
	for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		if got, want := th.Color(theme.ColorNameBackground, v), def.Color(theme.ColorNameBackground, v); got != want {
			t.Errorf("following the system (%v): background %v, want %v", v, got, want)
		}
	}
	if got, want := th.Size(theme.SizeNameText), def.Size(theme.SizeNameText)*1.15; got != want {
		t.Errorf("大: text size %v, want %v", got, want)
	}
}

// guardTop taps answer in the unsaved-changes dialog on top.
func guardTop(t *testing.T, u *ui, answer string) {
	t.Helper()
	top := u.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("nothing asked about the unsaved changes")
	}
	for _, o := range test.LaidOutObjects(top) {
		if b, ok := o.(*widget.Button); ok && b.Text == answer {
			test.Tap(b)
			u.env.Wait()
			return
		}
	}
	t.Fatalf("the dialog on top has no %q: %q", answer, visibleTexts(top))
}

// TestGuardNavigationAndClose: with the settings changed, another page in
// the navigation and closing the window ask first; 取消 keeps the page
// (and its entry selected in the navigation), 不保存 goes.
func TestGuardNavigationAndClose(t *testing.T) {
	u, s := newTestUI(t, "zh")
	u.navigate(screens.PageSettings)
	test.Type(settingsEntry(t, u, "地址"), "东华门大街 1 号")
	if !shows(u.views[screens.PageSettings], "未保存") {
		t.Error("the changed settings do not say 未保存")
	}

	u.nav.Select(1) // 住户
	guardTop(t, u, "取消")
	if u.current != screens.PageSettings {
		t.Fatalf("取消 went to %q", u.current)
	}
	if u.navSel != len(u.pages)-1 {
		t.Errorf("the navigation selects entry %d, not the settings", u.navSel)
	}

	closed := false
	u.win.SetOnClosed(func() { closed = true })
	u.closeRequested()
	guardTop(t, u, "取消")
	if closed {
		t.Fatal("取消 closed the window")
	}

	u.nav.Select(1)
	guardTop(t, u, "不保存")
	if u.current != screens.PageHouseholds {
		t.Fatalf("不保存 stayed on %q", u.current)
	}
	if got, _ := s.Settings(context.Background()); got.Address != "" {
		t.Errorf("不保存 saved the address %q", got.Address)
	}
	// Back on the settings, the form shows what is stored and is clean.
	u.navigate(screens.PageSettings)
	if e := settingsEntry(t, u, "地址"); e.Text != "" {
		t.Errorf("the given-up address %q is still in the form", e.Text)
	}
	u.closeRequested()
	if !closed {
		t.Error("a clean window did not close")
	}
}
