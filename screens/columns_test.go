package screens

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
)

// box is a cell that needs w×20.
func box(w float32) *canvas.Rectangle {
	r := canvas.NewRectangle(nil)
	r.SetMinSize(fyne.NewSize(w, 20))
	return r
}

func TestColumnsWidths(t *testing.T) {
	newTestEnv(t) // the theme's padding needs a Fyne app
	pad := theme.Padding()
	for _, tc := range []struct {
		name  string
		cols  *columns
		cells []float32 // what each cell needs
		width float32   // the row's width
		want  []float32 // the width each cell gets
		min   float32   // the row's MinSize width
	}{
		// The row's MinSize has the fixed columns at shrinkTo (60 %) of
		// their widths: a narrow window shrinks them rather than grow.
		{"the flexible column takes the room left",
			flexAt(1, 100, 200, 50), []float32{10, 10, 10}, 600,
			[]float32{100, 600 - 150 - 2*pad, 50}, 290 + 2*pad},
		{"at least its own width in a narrow row, the others at 60 %",
			flexAt(1, 100, 200, 50), []float32{10, 10, 10}, 100,
			[]float32{60, 200, 30}, 290 + 2*pad},
		{"fixed columns give way to the flexible one's least, down to 60 %",
			flexAt(2, 100, 100, 50), []float32{10, 10, 10}, 160 + 50 + 2*pad,
			[]float32{80, 80, 50}, 170 + 2*pad},
		{"at least what its content needs",
			flexAt(1, 100, 200, 50), []float32{10, 320, 10}, 400,
			[]float32{60, 320, 30}, 410 + 2*pad},
		{"a fixed column keeps its width whatever its content",
			flexAt(0, 100, 60), []float32{10, 90}, 300,
			[]float32{300 - 60 - pad, 60}, 136 + pad},
		{"flexLast: one more column after the widths takes the rest",
			flexLast(80, 120), []float32{10, 10, 10}, 500,
			[]float32{80, 120, 500 - 200 - 2*pad}, 130 + 2*pad},
		{"flexLast: the last column is as wide as its content at least",
			flexLast(80, 120), []float32{10, 10, 150}, 250,
			[]float32{48, 72, 150}, 270 + 2*pad},
	} {
		t.Run(tc.name, func(t *testing.T) {
			objs := make([]fyne.CanvasObject, len(tc.cells))
			for i, w := range tc.cells {
				objs[i] = box(w)
			}
			tc.cols.Layout(objs, fyne.NewSize(tc.width, 30))
			x := float32(0)
			for i, o := range objs {
				if o.Size().Width != tc.want[i] || o.Position().X != x {
					t.Errorf("column %d: width %v at %v, want %v at %v", i, o.Size().Width, o.Position().X, tc.want[i], x)
				}
				if o.Position().Y != 5 { // 20 high, centred in 30
					t.Errorf("column %d at y %v, want 5", i, o.Position().Y)
				}
				x += tc.want[i] + pad
			}
			if got := tc.cols.MinSize(objs); got != fyne.NewSize(tc.min, 20) {
				t.Errorf("MinSize %v, want %vx20", got, tc.min)
			}
		})
	}
}

func TestColumnsHideCellsBeyondThem(t *testing.T) {
	newTestEnv(t)
	extra := box(10)
	objs := []fyne.CanvasObject{box(10), box(10), extra}
	flexAt(0, 50, 50).Layout(objs, fyne.NewSize(200, 20))
	if extra.Visible() {
		t.Error("a cell beyond the columns is shown")
	}
	if !objs[1].Visible() {
		t.Error("a cell in the columns is hidden")
	}
}

func TestHeaderRowWidensFixedColumns(t *testing.T) {
	newTestEnv(t)
	c := flexAt(1, 20, 30, 20)
	long := "A title longer than its column"
	header, fitted := headerRow(c, "No.", "Title", long)
	if fmt.Sprint(c.widths) != "[20 30 20]" {
		t.Errorf("headerRow changed the columns it was given: %v", c.widths)
	}
	if want := textWidth(long, fyne.TextStyle{Bold: true}); fitted.widths[2] != want {
		t.Errorf("a fixed column is %v wide under %q, want its title's %v", fitted.widths[2], long, want)
	}
	if fitted.widths[1] != 30 || fitted.flex != 1 {
		t.Errorf("the flexible column became %v (flex %d), want 30 (1): it widens with the row", fitted.widths[1], fitted.flex)
	}
	if len(header.Objects) != 3 || header.Layout != fyne.Layout(fitted) {
		t.Errorf("the header has %d cells laid out by %T", len(header.Objects), header.Layout)
	}
	row := newRow(fitted)
	setCells(row, "9", "旧的", "old")
	setCells(row, "1", "社区助老服务")
	if got := texts(row); fmt.Sprintf("%q", got) != `["1" "社区助老服务" ""]` { // the cell past the texts is emptied
		t.Errorf("a row's cells say %q", got)
	}
}

// TestAddressKeepsItsRoom: in a window as narrow as Jiedao allows, the
// household list still gives the address its 160 px: the other columns
// give way.
func TestAddressKeepsItsRoom(t *testing.T) {
	newTestEnv(t)
	for _, c := range []*columns{personColumns, homeColumns} {
		objs := make([]fyne.CanvasObject, len(c.widths))
		for i := range objs {
			objs[i] = box(10)
		}
		w := c.MinSize(objs).Width
		c.Layout(objs, fyne.NewSize(w, 30))
		if got := objs[len(objs)-1].Size().Width; got < 160 {
			t.Errorf("at the narrowest (%v px) the address gets %v px", w, got)
		}
	}
}
