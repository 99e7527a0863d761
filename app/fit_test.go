package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"jiedao/screens"
)

// fitSize is the smallest screen Jiedao is used on, less the window's
// frame, title bar and menu bar (about 60 px on Windows 10 at 100 %):
// every page, with the navigation and the status bar, fits in it.
var fitSize = fyne.NewSize(1280, 720-60)

// TestEveryScreenFits builds every page of the navigation headless and
// checks that the window's content — navigation, page and status bar —
// asks for no more than 1280×720; long pages scroll instead. The
// settings' agreement settings and a new record of each register are
// checked too, as they were the ones that forced the window taller or
// wider.
func TestEveryScreenFits(t *testing.T) {
	u, _ := newTestUI(t, "zh")
	fits := func(what string) {
		t.Helper()
		u.env.Wait()
		if m := u.win.Content().MinSize(); m.Width > fitSize.Width || m.Height > fitSize.Height {
			t.Errorf("%s: the window needs %v×%v, more than %v×%v", what, m.Width, m.Height, fitSize.Width, fitSize.Height)
		}
	}
	for _, p := range u.pages {
		u.navigate(p.id)
		fits(p.title)
	}
	u.navigate(screens.PageSettings)
	for _, o := range test.LaidOutObjects(u.views[screens.PageSettings]) {
		if b, ok := o.(*widget.Button); ok && b.Text == "协议编号与条款模板…" {
			test.Tap(b)
		}
	}
	fits("协议设置")
	for _, id := range []string{screens.PageHouseholds, screens.PageOrganizations, screens.PageAgreements, screens.PageMeetings} {
		u.navigate(id)
		if c, ok := u.currentScreen().(screens.Creator); ok {
			c.New()
			fits(id + " new record")
		}
	}
}

// TestLongStatusReadable: a message too long for the status bar offers
// the whole of it in a dialog; a short one does not.
func TestLongStatusReadable(t *testing.T) {
	u, _ := newTestUI(t, "zh")
	u.setStatus("已保存。")
	if u.statusMore.Visible() {
		t.Error("a short message offers a dialog")
	}
	long := "导入完成：共 3000 行，导入 2980 行，跳过 20 行（身份证号校验位不对、出生日期晚于今天、居住类型未填写），报告已保存到 文档\\街道通\\导入报告-20261207.csv"
	u.setStatus(long)
	if !u.statusMore.Visible() {
		t.Fatal("a message cut in the status bar offers no way to read it")
	}
	test.Tap(u.statusMore)
	top := u.win.Canvas().Overlays().Top()
	noSpace := func(s string) string { return strings.ReplaceAll(s, " ", "") } // wrapping eats the space at a break
	if top == nil || !strings.Contains(noSpace(strings.Join(visibleTexts(top), "")), noSpace(long)) {
		t.Fatal("the dialog does not show the whole message")
	}
}
