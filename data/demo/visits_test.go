package demo

import (
	"context"
	"testing"

	"jiedao/data"
	"jiedao/data/datatest"
)

// TestGenerateVisits: a demo register has a year of visits, and its board
// shows people overdue, never visited and visited on time, and referrals
// on the actions board.
func TestGenerateVisits(t *testing.T) {
	ctx := context.Background()
	s := datatest.MustOpen(t)
	sum := generate(t, s, 300, 7)
	if sum.Visits < 300 {
		t.Fatalf("%d visits", sum.Visits)
	}
	b, err := s.VisitBoard(ctx, data.VisitFilter{})
	if err != nil {
		t.Fatal(err)
	}
	counts := b.Counts()
	for _, st := range []string{data.DueOverdue, data.DueNever, data.DueLater} {
		if counts[st] == 0 {
			t.Errorf("no one %s: %v", st, counts)
		}
	}
	var oldest string
	datatest.DB(t, s).Model(&data.Visit{}).Select("MIN(date)").Scan(&oldest)
	if oldest > "2025-12-15" {
		t.Errorf("the oldest visit is %s: not a year of them", oldest)
	}
	page, err := s.ListActions(ctx, data.ActionFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	referred := 0
	for _, a := range page.Rows {
		if a.VisitID != nil {
			referred++
		}
	}
	if referred == 0 {
		t.Error("no visit was referred")
	}
	again := datatest.MustOpen(t)
	if sum2 := generate(t, again, 300, 7); sum2.Visits != sum.Visits {
		t.Errorf("not deterministic: %d then %d visits", sum.Visits, sum2.Visits)
	}
}
