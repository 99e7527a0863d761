package demo

// Demo care visits (关爱走访): for the people the tier rules track, a year
// of visits at about their tier's cadence, by the methods offices use (in
// person mostly, phone calls between), with the odd problem found and
// referred as an action; some people are behind (their last visits
// missing, so they are overdue today) and a few were never visited. Written
// through the store (Tx.RecordVisit), audited as a clerk's visits are.
//
// A large register tracks tens of thousands; the demo visits the first
// maxVisited of them (by community and grid), enough for the board, the
// plan and the dashboard to show every state without a year of weekly
// visits to every old person of 100,000 households.

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"jiedao/data"
)

const (
	maxVisited     = 600
	visitsPerTx    = 100 // people per transaction
	neverPercent   = 4   // never visited
	overduePercent = 12  // behind: the last visits missing
)

// referrals are what a visit hands on, with who follows it up.
var referrals = [][2]string{
	{"申请居家养老助餐服务", "社区养老服务驿站"},
	{"更换老化燃气软管", "物业服务中心"},
	{"协助申请残疾人两项补贴", "社区民政专干"},
	{"联系家庭医生上门随访", "社区卫生服务站"},
	{"安装烟感报警器", "社区安全员"},
}

// generateVisits writes the demo's visits and returns how many.
func generateVisits(ctx context.Context, s *data.Store, seed int64) (int, error) {
	wctx := context.WithoutCancel(ctx)
	b, err := s.VisitBoard(wctx, data.VisitFilter{})
	if err != nil {
		return 0, fmt.Errorf("demo: visits: %w", err)
	}
	rules, err := s.VisitRules(wctx)
	if err != nil {
		return 0, fmt.Errorf("demo: visits: %w", err)
	}
	rows := b.Rows
	if len(rows) > maxVisited {
		rows = rows[:maxVisited]
	}
	r := rand.New(rand.NewPCG(uint64(seed), 0x7669736974))
	today := s.Now()
	written := 0
	for start := 0; start < len(rows); start += visitsPerTx {
		if err := ctx.Err(); err != nil {
			return written, context.Cause(ctx)
		}
		chunk := rows[start:min(start+visitsPerTx, len(rows))]
		var vs []*data.Visit
		for _, row := range chunk {
			for _, v := range personVisits(r, row, rules.Cadence(row.Tier).Days, today) {
				v.Visitor = row.Community + row.Grid + "网格员" // an unbound store keeps it; a bound one records its account
				vs = append(vs, v)
			}
		}
		err := s.Tx(wctx, func(tx *data.Tx) error {
			for _, v := range vs {
				if err := tx.RecordVisit(v); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return written, fmt.Errorf("demo: visits: %w", err)
		}
		written += len(vs)
		if err := followUp(wctx, s, r, vs, today); err != nil {
			return written, err
		}
	}
	return written, nil
}

// personVisits are one person's visits over the year before today.
func personVisits(r *rand.Rand, row data.VisitDue, cadence int, today time.Time) []*data.Visit {
	p := r.IntN(100)
	if p < neverPercent || cadence <= 0 {
		return nil
	}
	end := today.AddDate(0, 0, -1-r.IntN(max(cadence/3, 1))) // yesterday at the latest: no visit later than now
	if p < neverPercent+overduePercent {
		end = today.AddDate(0, 0, -cadence-1-r.IntN(cadence+1)) // behind
	}
	var out []*data.Visit
	for d := today.AddDate(-1, 0, r.IntN(cadence)); !d.After(end); d = d.AddDate(0, 0, max(cadence-r.IntN(max(cadence/4, 1)), 1)) {
		out = append(out, demoVisit(r, row.ResidentID, d))
	}
	return out
}

func demoVisit(r *rand.Rand, resident int64, d time.Time) *data.Visit {
	v := &data.Visit{ResidentID: resident, Date: d.Format(time.DateOnly),
		Time: fmt.Sprintf("%02d:%02d", 9+r.IntN(8), r.IntN(4)*15)}
	switch k := r.IntN(10); {
	case k < 6:
		v.Method, v.Met = data.VisitInPerson, r.IntN(10) > 0
	case k < 9:
		v.Method, v.Met = data.VisitPhone, true
	default:
		v.Method, v.Met = data.VisitProxy, true
	}
	for _, item := range data.CheckItems {
		if v.Method != data.VisitInPerson && item == data.CheckSafety {
			continue // not seen on the phone
		}
		res, note := data.CheckNormal, ""
		switch x := r.IntN(40); {
		case x == 0:
			res, note = data.CheckProblem, "需要协助"
		case x < 4:
			res, note = data.CheckWatch, "下次重点了解"
		}
		v.SetCheck(item, res, note)
	}
	if problems, _ := v.ProblemCount(); problems > 0 {
		ref := referrals[r.IntN(len(referrals))]
		v.Referral, v.ReferralOwner = ref[0], ref[1]
		v.ReferralDeadline = d.AddDate(0, 0, 14).Format(time.DateOnly)
	}
	return v
}

// followUp completes most referrals whose deadline has passed, a few days
// before it, as the offices do; the rest stay open or overdue.
func followUp(ctx context.Context, s *data.Store, r *rand.Rand, vs []*data.Visit, today time.Time) error {
	for _, v := range vs {
		if v.ActionID == nil || v.ReferralDeadline >= today.Format(time.DateOnly) || r.IntN(100) >= 85 {
			continue
		}
		done, _ := time.Parse(time.DateOnly, v.ReferralDeadline)
		completed := done.AddDate(0, 0, -r.IntN(10)).Format(time.DateOnly)
		if completed < v.Date {
			completed = v.Date
		}
		if err := s.UpdateActionStatus(ctx, *v.ActionID, data.ActionDone, completed); err != nil {
			return fmt.Errorf("demo: visits: %w", err)
		}
	}
	return nil
}
