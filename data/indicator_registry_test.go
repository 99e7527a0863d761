package data

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// TestRegisteredIndicator: a computed indicator (as the visits will add)
// joins the catalogue, is counted per community and for the whole scope,
// has no resident list, and its name is its own.
func TestRegisteredIndicator(t *testing.T) {
	saved := computedIndicators
	t.Cleanup(func() { computedIndicators = saved })
	var asked time.Time
	registerIndicator("本月走访率", "本月走访人数占应走访人数的比例。", func(q indicatorQuery) (map[string]float64, error) {
		asked = q.asOf
		return map[string]float64{"": 0.5, "幸福社区": 0.75}, nil
	})
	u, err := Open(filepath.Join(t.TempDir(), "jiedao.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer u.Close()
	s := asTester(t, u)
	ctx := context.Background()
	h := &Household{Community: "幸福社区", Address: "幸福路1号", ResidenceType: ResidenceLocal}
	if err := s.CreateHousehold(ctx, h); err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 12, 1, 15, 0, 0, 0, time.UTC)
	vs, err := s.CountIndicators(ctx, day, []IndicatorCell{{Indicator: "本月走访率"}, {Indicator: "本月走访率", Community: "幸福社区"}})
	if err != nil || vs[0] != 0.5 || vs[1] != 0.75 {
		t.Errorf("values %v, %v", vs, err)
	}
	if !asked.Equal(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("counted on %v, want the day", asked)
	}
	cat, err := s.Indicators(ctx)
	if err != nil || !cat[len(builtInIndicators)].Computed() || cat[len(builtInIndicators)].Definition() != "本月走访人数占应走访人数的比例。" {
		t.Errorf("catalogue: %v, %v", cat, err)
	}
	if _, _, err := s.IndicatorResidents(ctx, day, IndicatorCell{Indicator: "本月走访率"}, 0); err == nil {
		t.Error("a computed indicator lists residents")
	}
	defer func() {
		if recover() == nil {
			t.Error("a second 人口数 was registered")
		}
	}()
	registerIndicator("人口数", "", nil)
}
