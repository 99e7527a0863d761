// Package demo fills a new database with a made-up but realistic household
// register (`jiedao demo --households N --seed S`), for demonstrations,
// training and the speed benchmarks.
//
// The register looks like a Beijing street office's: several communities
// with grids, estates, buildings, units and rooms; households of one to six
// people whose relations fit their ages; names drawn by surname frequency
// and in the fashion of each generation, including the ones that trip
// software up (heteronym surnames such as 单 and 区, compound surnames,
// minority names with a middle dot, the surname 𠮷 outside the Basic
// Multilingual Plane); valid ID numbers that agree with birth date and sex;
// residence types, housing, phone numbers, care tags, and some people away,
// moved out or deceased, with the events that say so.
//
// Everything is drawn from one PCG generator seeded by Options.Seed, so a
// seed, a count and a day (the store's clock; ages are relative to it)
// always give the same register.
package demo

import (
	"context"
	"errors"
	"fmt"

	"jiedao/data"
)

// Options say what to generate.
type Options struct {
	Households int   // how many households, 1 to MaxHouseholds
	Seed       int64 // the same seed gives the same register

	chunk int // households per transaction; 0 means chunkHouseholds (tests set it)
}

// MaxHouseholds bounds Options.Households; it is several times the largest
// street office.
const MaxHouseholds = 1_000_000

// Summary counts what Generate wrote. Organizations and Agreements
// (supplementary ones included) are written after the households, for
// registers of MinHouseholdsForAgreements households or more (orgs.go).
type Summary struct {
	Households, Residents, Tags, Events int
	Organizations, Agreements           int
	Meetings                            int // meeting records, amended versions included (meetings.go)
	Visits                              int // care visits (visits.go)
}

// Audit action and message keys of the demo generator.
const (
	ActionDemo = "demo" // one audit entry per run, entity "households"

	KeyNotEmpty = data.KeyDemoNotEmpty
	KeyCount    = data.KeyDemoCount
)

// chunkHouseholds is how many households a transaction holds, with their
// members, tags and events: about 8,000 rows and a second's work,
// measured on 120,000 households, 2 cores. Every commit writes each page
// it dirtied to the WAL, and the residents' indexes (name, pinyin, ID
// number, phone…) take keys all over their B-trees, so a larger
// transaction writes fewer pages in all: 2,000 households took 58 s of CPU
// where 500 took 76 s. Larger still would keep a clerk's save waiting for
// longer. (How many rows one INSERT carries is Tx.InsertNew's business.)
const chunkHouseholds = 2000

// Generate writes opt.Households made-up households into s, which must hold
// no households yet (not even in the recycle bin): demo data belongs in a
// fresh database, never mixed into a real register, so there is no option
// to force it. It returns *data.Error KeyNotEmpty otherwise.
//
// progress, when not nil, is called with the households written so far
// after each transaction, from the calling goroutine.
//
// The work is a series of transactions of whole households. When ctx is
// cancelled (or a write fails), the transaction in progress is rolled back
// and the ones already committed are kept: the database then holds complete
// households (members, tags, events, head) and nothing half-written, and
// Generate returns the Summary of what it kept with the error (wrapping
// ctx's). Either way the run leaves exactly one audit entry (action "demo",
// entity "households") saying what was written and, for a run that did not
// finish, "stopped": "cancelled" or "failed"; a run that wrote nothing
// leaves none.
//
// From MinHouseholdsForAgreements households on, Generate then adds
// organizations and agreements (generateOrgs); cancelling during that step
// keeps the households and whole agreements, and returns the error.
func Generate(ctx context.Context, s *data.Store, opt Options, progress func(done, total int)) (Summary, error) {
	total := opt.Households
	if total < 1 || total > MaxHouseholds {
		return Summary{}, &data.Error{Key: KeyCount, Args: map[string]any{"Max": MaxHouseholds, "Households": total}}
	}
	r := &run{s: s, seed: opt.Seed, total: total, chunk: opt.chunk, g: newGenerator(opt.Seed, total, s.Now())}
	if r.chunk <= 0 {
		r.chunk = chunkHouseholds
	}
	sum, err := r.households(ctx, progress)
	if err != nil {
		return sum, err
	}
	return r.orgsAndMeetings(ctx, sum)
}

// run is one call of Generate: what it was asked for and the generator
// of its households.
type run struct {
	s            *data.Store
	seed         int64
	total, chunk int // households in all and per transaction
	g            *generator
}

// households writes the households, a transaction of r.chunk at a time,
// and the run's audit entry with the last of them.
func (r *run) households(ctx context.Context, progress func(done, total int)) (Summary, error) {
	var sum Summary
	if progress != nil {
		progress(0, r.total)
	}
	for sum.Households < r.total {
		if err := ctx.Err(); err != nil {
			return sum, r.stopped(ctx, sum, err)
		}
		add, err := r.writeChunk(ctx, sum)
		if err != nil {
			if sum.Households == 0 && ctx.Err() == nil {
				return sum, err // e.g. KeyNotEmpty: as it is, for errors.As
			}
			return sum, r.stopped(ctx, sum, err)
		}
		sum = plus(sum, add)
		if progress != nil {
			progress(sum.Households, r.total)
		}
	}
	return sum, nil
}

// writeChunk plans the next chunk of households and writes it in one
// transaction, after sum (what is written so far); the first checks that
// the register is empty, the last audits the run.
func (r *run) writeChunk(ctx context.Context, sum Summary) (Summary, error) {
	// Plan the chunk outside the transaction, so the write lock is held
	// only for writing.
	n := min(r.chunk, r.total-sum.Households)
	fams := make([]family, n)
	for i := range fams {
		fams[i] = r.g.household()
	}
	var add Summary
	err := r.s.Tx(ctx, func(tx *data.Tx) error {
		if sum.Households == 0 {
			if err := checkEmpty(tx); err != nil {
				return err
			}
		}
		var err error
		if add, err = write(tx, fams, r.s.Operator()); err != nil {
			return err
		}
		if sum.Households+n == r.total {
			return r.audit(tx, plus(sum, add), "")
		}
		return nil
	})
	return add, err
}

// audit writes the run's one audit entry: what was written and, for a run
// that did not finish, stop ("cancelled" or "failed").
func (r *run) audit(tx *data.Tx, sum Summary, stop string) error {
	after := map[string]any{
		"seed": r.seed, "requested": r.total,
		"households": sum.Households, "residents": sum.Residents, "tags": sum.Tags, "events": sum.Events,
	}
	if stop != "" {
		after["stopped"] = stop
	}
	return tx.Audit(ActionDemo, "households", 0, nil, after)
}

// orgsAndMeetings adds the organizations and agreements (to a register of
// MinHouseholdsForAgreements households or more) and the meetings to the
// households of sum, then compacts the database when s's account may.
func (r *run) orgsAndMeetings(ctx context.Context, sum Summary) (Summary, error) {
	if r.total >= MinHouseholdsForAgreements {
		var err error
		if sum.Organizations, sum.Agreements, err = generateOrgs(ctx, r.s, r.seed); err != nil {
			return sum, fmt.Errorf("demo: organizations and agreements: %w", err)
		}
	}
	meetings, agreements, err := generateMeetings(ctx, r.s, r.seed, sum.Organizations > 0)
	sum.Meetings, sum.Agreements = meetings, sum.Agreements+agreements
	if err != nil {
		return sum, fmt.Errorf("demo: meetings: %w", err)
	}
	if sum.Visits, err = generateVisits(ctx, r.s, r.seed); err != nil {
		return sum, err
	}
	// Bulk inserts leave B-tree pages half full: compacting takes a large
	// register from 191 MB to 171 MB (docs/BENCHMARKS.md). Compacting is
	// an administrator's (it is maintenance, like a backup); an account
	// without the role leaves it to one (jiedao demo compacts as its
	// admin afterwards).
	if r.s.Can("Compact") != nil {
		return sum, nil
	}
	if err := r.s.Compact(ctx); err != nil {
		return sum, fmt.Errorf("demo: %w", err)
	}
	return sum, nil
}

// stopped ends a run that did not finish: cancelled, or failed (the disk is
// full, another program holds the database). It records what was kept,
// when anything was, and returns the error Generate reports.
func (r *run) stopped(ctx context.Context, sum Summary, cause error) error {
	how := "failed"
	if ctx.Err() != nil {
		// Report the cancellation, not the chain of errors the aborted
		// statements left behind.
		how, cause = "cancelled", context.Cause(ctx)
	}
	err := fmt.Errorf("demo: %s after %d of %d households: %w", how, sum.Households, r.total, cause)
	if sum.Households == 0 {
		return err
	}
	// The entry must be written although ctx is done: the households kept
	// must not be left without their audit entry.
	if aerr := r.s.Tx(context.WithoutCancel(ctx), func(tx *data.Tx) error { return r.audit(tx, sum, how) }); aerr != nil {
		return errors.Join(err, aerr)
	}
	return err
}

func plus(a, b Summary) Summary {
	return Summary{Households: a.Households + b.Households, Residents: a.Residents + b.Residents, Tags: a.Tags + b.Tags, Events: a.Events + b.Events}
}

// checkEmpty refuses a register that has households, also deleted ones.
func checkEmpty(tx *data.Tx) error {
	empty, n, err := tx.RegisterIsEmpty()
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if empty {
		return nil
	}
	return &data.Error{Key: KeyNotEmpty, Args: map[string]any{"Households": n}}
}

// write inserts a chunk of families: households, then residents (which
// need the households' IDs), tags and events (which need the residents'),
// and finally each household's head.
//
// Rows go through the models' hooks (Tx.InsertNew), so the search columns
// and the address index are right, exactly as for rows a clerk enters.
func write(tx *data.Tx, fams []family, operator string) (Summary, error) {
	var sum Summary
	hs := households(fams)
	if err := tx.InsertNew(hs); err != nil {
		return sum, fmt.Errorf("demo: %w", err)
	}
	sum.Households = len(hs)

	rs := residents(fams, hs)
	if err := tx.InsertNew(rs); err != nil {
		return sum, fmt.Errorf("demo: %w", err)
	}
	sum.Residents = len(rs)

	tags, events := tagsAndEvents(fams, hs, rs, operator)
	if err := tx.InsertNew(tags); err != nil {
		return sum, fmt.Errorf("demo: %w", err)
	}
	sum.Tags = len(tags)
	if err := tx.InsertNew(events); err != nil {
		return sum, fmt.Errorf("demo: %w", err)
	}
	sum.Events = len(events)

	// Heads: one statement for the chunk; members[0] of each household
	// is its 户主.
	if err := tx.SetHeadsOfNewHouseholds(hs[0].ID, hs[len(hs)-1].ID); err != nil {
		return sum, fmt.Errorf("demo: %w", err)
	}
	return sum, nil
}

// households are the chunk's households, to be inserted.
func households(fams []family) []data.Household {
	hs := make([]data.Household, len(fams))
	for i := range fams {
		hs[i] = fams[i].h
	}
	return hs
}

// residents are the chunk's members in household order, linked to their
// inserted households hs; their tags are inserted on their own.
func residents(fams []family, hs []data.Household) []data.Resident {
	var rs []data.Resident
	for i := range fams {
		for j := range fams[i].members {
			r := fams[i].members[j]
			r.HouseholdID = hs[i].ID
			r.Tags = nil
			rs = append(rs, r)
		}
	}
	return rs
}

// tagsAndEvents are the chunk's care tags and residence events, linked to
// the inserted households hs and residents rs.
func tagsAndEvents(fams []family, hs []data.Household, rs []data.Resident, operator string) ([]data.ResidentTag, []data.ResidenceEvent) {
	var tags []data.ResidentTag
	var events []data.ResidenceEvent
	k := 0
	for i := range fams {
		for j := range fams[i].members {
			for _, t := range fams[i].members[j].Tags {
				t.ResidentID = rs[k+j].ID
				tags = append(tags, t)
			}
		}
		for _, e := range fams[i].events {
			events = append(events, data.ResidenceEvent{
				ResidentID: rs[k+e.member].ID, HouseholdID: hs[i].ID,
				Kind: e.kind, Date: e.date, Note: e.note, Operator: operator,
			})
		}
		k += len(fams[i].members)
	}
	return tags, events
}
