package screens

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
)

// TestMoveMemberToAnotherHousehold moves a member through the move
// dialog: its search finds the other households (not the member's own),
// nothing moves until one is picked, and the move is stored.
func TestMoveMemberToAnotherHousehold(t *testing.T) {
	e, s := newTestEnv(t)
	here := newHousehold(t, s, "401")
	there := newHousehold(t, s, "402")
	r := addResident(t, s, here, "王五", validID("11010119700101501"), data.RelationHead)
	addResident(t, s, there, "赵六", validID("11010119710101602"), data.RelationHead)
	_, d := openDetail(t, e, here.ID)

	d.onMove(d.members[0])
	top := e.Window.Canvas().Overlays().Top()
	var search *widget.Entry
	var list *widget.List
	for _, o := range test.LaidOutObjects(top) {
		switch x := o.(type) {
		case *widget.Entry:
			if x.PlaceHolder == lang.L("Household number, address, or a member's name") {
				search = x
			}
		case *widget.List:
			list = x
		}
	}
	if search == nil || list == nil {
		t.Fatal("the move dialog has no search or no list")
	}
	move := findButton(t, "move dialog", top, lang.L("Move"))
	pick := lang.L("Pick the household to move to.")

	test.Tap(move) // nothing picked
	e.Wait()
	if n := strings.Count(strings.Join(texts(top), "\n"), pick); n != 2 {
		t.Errorf("moving before a household is picked: %q said %d times, want under the list and as the refusal", pick, n)
	}

	test.Type(search, "王五") // the member's own household is not offered
	e.Wait()
	if list.Length() != 0 {
		t.Errorf("searching the member's own name offers %d households", list.Length())
	}
	search.SetText("赵六")
	e.Wait()
	if list.Length() != 1 {
		t.Fatalf("searching 赵六 offers %d households, want 1", list.Length())
	}
	list.Select(0)
	if !strings.Contains(strings.Join(texts(top), "\n"), there.Number) {
		t.Errorf("the household picked is not named: %q", texts(top))
	}
	test.Tap(move)
	e.Wait()
	moved, err := s.Resident(context.Background(), r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if moved.HouseholdID != there.ID || len(d.members) != 0 {
		t.Errorf("after the move: in household %d (want %d), %d members left here", moved.HouseholdID, there.ID, len(d.members))
	}
	if e.Window.Canvas().Overlays().Top() != nil {
		t.Error("the move dialog stays open")
	}
}
