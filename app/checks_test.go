package app

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"

	"jiedao/data"
	"jiedao/data/datatest"
)

// TestChecksAfterStart: once the window shows, the full check of the file
// runs, then the day's automatic backup. Damage found is said in a dialog
// that offers the restore, and no backup is made that would push a good
// one out of the rotation.
func TestChecksAfterStart(t *testing.T) {
	for _, damaged := range []bool{false, true} {
		t.Run(fmt.Sprintf("damaged=%v", damaged), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "jiedao.db")
			fill(t, path, 300)
			if damaged {
				scribbleMiddlePage(t, path)
			}
			if err := SetupLanguage("zh"); err != nil {
				t.Fatal(err)
			}
			s := datatest.MustOpenPath(t, path) // Open does not read the whole file
			u := newUI(test.NewTempApp(t), s, Options{DBPath: path, Lang: "zh", Now: datatest.Epoch, inline: true})
			t.Cleanup(func() { u.env.Close(); u.env.Wait() })
			u.win.Show()
			u.startChecks()
			u.env.Wait()

			backups, _ := filepath.Glob(filepath.Join(s.BackupDir(), "jiedao-*.db"))
			top := u.win.Canvas().Overlays().Top()
			if damaged {
				if top == nil || !shows(top, "数据库已损坏") || !shows(top, "从备份恢复") {
					t.Errorf("no dialog about the damage; overlay %v", top)
				}
				if len(backups) != 0 {
					t.Errorf("backed up a damaged file: %v", backups)
				}
				return
			}
			if top != nil {
				t.Errorf("a dialog on a healthy file: %v", visibleTexts(top))
			}
			if len(backups) != 1 {
				t.Errorf("automatic backups %v, want one", backups)
			}
		})
	}
}

// fill makes a database at path with n households and closes it.
func fill(t *testing.T, path string, n int) {
	t.Helper()
	s, err := data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	b := datatest.As(t, s, "filler", []string{data.RoleStreet}, nil, nil)
	err = b.Tx(context.Background(), func(tx *data.Tx) error {
		for i := range n {
			if err := tx.Create(&data.Household{Number: fmt.Sprintf("H%05d", i), Address: fmt.Sprintf("幸福路%d号 这是一段让页面变多的地址文字", i)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// scribbleMiddlePage overwrites the page in the middle of the file with
// noise: the header, schema and migrations stay intact.
func scribbleMiddlePage(t *testing.T, path string) {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	const page = 4096
	junk := make([]byte, page)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range junk {
		junk[i] = byte(r.UintN(256))
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(junk, st.Size()/page/2*page); err != nil {
		t.Fatal(err)
	}
}

// TestOpenErrorSaysBusy: a database another program is writing, which the
// window cannot open in time, gets the start-up page that says so and
// offers to try again, rather than a crash.
func TestOpenErrorSaysBusy(t *testing.T) {
	if err := SetupLanguage("zh"); err != nil {
		t.Fatal(err)
	}
	a := test.NewTempApp(t)
	w := a.NewWindow("")
	path := filepath.Join(t.TempDir(), "jiedao.db")
	err := &data.Error{Key: data.KeyDBBusy, Args: map[string]any{"Path": path}}
	c := openErrorContent(a, w, Options{DBPath: path}, err, func() {})
	w.SetContent(c)
	// The label wraps, so look for a piece that fits on one line.
	for _, want := range []string{"正被另一个程序写入", "重试"} {
		if !shows(c, want) {
			t.Errorf("the page does not say %q: %v", want, visibleTexts(c))
		}
	}
}

// TestChecksWaitForTheFigures: the start-up check and the daily backup
// wait until the home page has read its figures, so that the two never
// read the whole register at the same time; once the figures are in they
// start at once.
func TestChecksWaitForTheFigures(t *testing.T) {
	u := &ui{}
	ran := 0
	u.whenFilled(func() { ran++ })
	if ran != 0 {
		t.Fatal("the checks started before the figures were in")
	}
	u.firstScreenFilled()
	if ran != 1 {
		t.Fatalf("ran %d times once the figures were in, want 1", ran)
	}
	u.whenFilled(func() { ran++ })
	if ran != 2 {
		t.Fatal("after the figures, the checks did not start at once")
	}

	// The dashboard says when its figures are in (inline: during newUI).
	path := filepath.Join(t.TempDir(), "jiedao.db")
	fill(t, path, 20)
	if err := SetupLanguage("zh"); err != nil {
		t.Fatal(err)
	}
	s := datatest.MustOpenPath(t, path)
	w := newUI(test.NewTempApp(t), s, Options{DBPath: path, Lang: "zh", Now: datatest.Epoch, inline: true})
	t.Cleanup(func() { w.env.Close(); w.env.Wait() })
	if !w.filled {
		t.Error("the home page showed its figures without saying so")
	}
}
