package data_test

import (
	"context"
	"os"
	"slices"
	"testing"
	"time"

	"jiedao/data"
	"jiedao/data/datatest"
)

func TestScratchTime(t *testing.T) {
	path := os.Getenv("SCRATCH_DB")
	if path == "" {
		t.Skip()
	}
	s := datatest.MustOpenPath(t, path)
	ctx := context.Background()
	for _, f := range []data.ResidentFilter{
		{}, {Query: "张"}, {Query: "张伟"}, {Query: "单"}, {Query: "zs"}, {Query: "zhangw"}, {Query: "z"}, {Query: "shan"},
		{Query: "123X"}, {Query: "5678"}, {Query: "12345"}, {Query: "13812345678"}, {Query: "110101199001011234"},
		{Query: "幸福"}, {Query: "小区3栋"}, {Query: "区"}, {Query: "翠微苑12栋2单元"}, {Query: "𠮷"},
		{Community: "幸福社区"}, {Tag: "特困"}, {Tag: "高龄老人"}, {Community: "和平社区", Tag: "低保"}, {AgeMin: 60, AgeMax: 79},
		{Query: "zzzz"}, {Query: "奇怪的"}, {Query: "李", Community: "和平社区", Tag: "残疾人"},
	} {
		var ds []time.Duration
		var n int
		for i := 0; i < 30; i++ {
			t0 := time.Now()
			p, err := s.SearchResidents(ctx, f)
			ds = append(ds, time.Since(t0))
			if err != nil {
				t.Fatal(err)
			}
			n = len(p.Rows)
		}
		slices.Sort(ds)
		t.Logf("%-40v rows=%d p50=%v max=%v", f, n, ds[len(ds)/2], ds[len(ds)-1])
	}
}
