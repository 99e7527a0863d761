package data

// BenchmarkMeetingSearch measures the first page (50 rows) of the meeting
// list's full-text search over 5,000 meetings of about 1,500 characters
// each (agenda, speeches, resolutions, summary), as the issue asks
// (≤ 20 ms). The database is built once per run in a temporary folder.
//
//	go test -tags migrated_fynedo ./data -run '^$' -bench BenchmarkMeetingSearch

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var benchTopics = []string{"老旧小区改造", "加装电梯", "停车管理", "老年食堂", "垃圾分类", "充电桩建设", "楼道堆物清理", "绿化补种", "屋面防水维修", "社区议事厅", "安防监控", "外墙保温"}
var benchPhrases = []string{
	"居民代表普遍支持该方案", "物业服务企业提出费用测算", "业委会建议分期实施", "一楼住户担心采光和噪音",
	"街道城建科介绍了补贴政策", "社会组织愿意协助入户走访", "会议同意先行试点再全面推开", "部分居民对分摊比例有不同意见",
	"建议召开专题听证会", "要求在月底前完成意见征集", "资金来源为专项维修资金和财政补贴", "施工期间做好安全防护",
}

func benchMeetings(b *testing.B, n int) *Store {
	b.Helper()
	// Built once into os.TempDir() and reused by later runs (delete it
	// to rebuild).
	path := filepath.Join(os.TempDir(), fmt.Sprintf("jiedao-meetings-bench-%d-v1.db", n))
	_, statErr := os.Stat(path)
	s, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	if statErr == nil {
		var have int64
		s.db.Model(&Meeting{}).Count(&have)
		if have == int64(n) {
			return s
		}
		b.Fatalf("%s holds %d meetings, not %d: delete it", path, have, n)
	}
	r := rand.New(rand.NewPCG(1, 2))
	ctx := context.Background()
	start := time.Now()
	for done := 0; done < n; {
		err := s.Tx(ctx, func(tx *Tx) error {
			for range min(500, n-done) {
				topic := benchTopics[r.IntN(len(benchTopics))]
				m := Meeting{
					Title: fmt.Sprintf("第%d期%s协商议事会", done+1, topic), Kind: MeetingKinds[r.IntN(len(MeetingKinds))],
					Date:   time.Date(2016+r.IntN(10), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC).Format(time.DateOnly),
					Status: MeetingDraft, Version: 1, QuorumPercent: 50,
				}
				for i := range 3 {
					it := AgendaItem{Seq: i + 1, Topic: benchTopics[r.IntN(len(benchTopics))], Background: phrases(r, 4), Proposals: phrases(r, 3)}
					for j := range 4 {
						it.Speeches = append(it.Speeches, Speech{Seq: j + 1, Speaker: "居民代表", Summary: phrases(r, 3)})
					}
					m.Agenda = append(m.Agenda, it)
				}
				m.Resolutions = []Resolution{{Seq: 1, Rule: RuleMajority, Text: "同意" + topic + "方案，" + phrases(r, 2)}}
				m.Summary = phrases(r, 4)
				if err := tx.insertMeeting(&m, nil); err != nil {
					return err
				}
				done++
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("%d meetings written in %v", n, time.Since(start).Round(time.Millisecond))
	return s
}

func phrases(r *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		b.WriteString(benchPhrases[r.IntN(len(benchPhrases))])
		b.WriteString("，")
	}
	return b.String()
}

func BenchmarkMeetingSearch(b *testing.B) {
	if testing.Short() {
		b.Skip("builds 5,000 meetings")
	}
	s := benchMeetings(b, 5000)
	ctx := context.Background()
	for _, q := range []string{"加装", "电梯", "梯", "充电桩", "老年食堂", "第4321期", "分摊比例有不同意见", "消防通道"} {
		b.Run(q, func(b *testing.B) {
			rows := 0
			for b.Loop() {
				page, err := s.ListMeetings(ctx, MeetingFilter{Query: q})
				if err != nil {
					b.Fatal(err)
				}
				rows = len(page.Rows)
			}
			b.ReportMetric(float64(rows), "rows")
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "ms/page")
		})
	}
	b.Run("no query", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.ListMeetings(ctx, MeetingFilter{}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "ms/page")
	})
}
