package sheet

import (
	"context"
	"fmt"
)

// forecast fills the dry run's Forecast after check: households and
// residents new, changed or unchanged. Stored residents the file matches
// are read a chunk at a time and compared the way a real import would
// compare them, so the preview of a file imported before says
// "unchanged", not "update".
func (im *importer) forecast(ctx context.Context, rd registerReads) error {
	im.forecastHouseholds()
	fc := &im.report.Forecast
	var rows []int32
	for i := range im.entries {
		e := &im.entries[i]
		switch {
		case e.bad:
		case e.existing == 0:
			fc.ResidentsNew++
		default:
			rows = append(rows, int32(i))
			if len(rows) == lookupBatch {
				if err := im.forecastStored(ctx, rd, rows); err != nil {
					return err
				}
				rows = rows[:0]
			}
		}
	}
	return im.forecastStored(ctx, rd, rows)
}

// forecastHouseholds counts the households new, changed, unchanged and
// invalid.
func (im *importer) forecastHouseholds() {
	fc := &im.report.Forecast
	for _, g := range im.groups {
		switch {
		case g.bad || len(im.valid(g)) == 0:
			fc.HouseholdsInvalid++
		case g.existing == 0:
			fc.HouseholdsNew++
		case g.same:
			fc.HouseholdsUnchanged++
		default:
			fc.HouseholdsChanged++
		}
	}
}

// forecastStored counts the rows (of stored residents) that would change
// their resident and those that would not.
func (im *importer) forecastStored(ctx context.Context, rd registerReads, rows []int32) error {
	if len(rows) == 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	stored, err := im.storedResidents(rd, rows)
	if err != nil {
		return fmt.Errorf("sheet: load residents: %w", err)
	}
	fc := &im.report.Forecast
	for _, i := range rows {
		cur := stored[im.entries[i].existing]
		if cur == nil {
			fc.ResidentsChanged++
			continue
		}
		_, sameFields, sameTags, err := im.merged(&im.t.records[i], cur)
		if err == nil && sameFields && sameTags {
			fc.ResidentsUnchanged++
		} else {
			fc.ResidentsChanged++
		}
	}
	return nil
}
