package sheet

// The organization register as a spreadsheet: the export and the blank
// template, in the layout the import reads back.

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"

	"jiedao/data"
)

// orgCells is one organization's row of the export, in the columns the
// import reads back.
func orgCells(o *data.Organization) [nOrgFields]string {
	return [nOrgFields]string{
		ofName: o.Name, ofUSCC: o.USCC, ofType: o.Type, ofAuthority: o.Authority, ofLegalRep: o.LegalRep,
		ofContact: o.Contact, ofPhone: o.Phone, ofAddress: o.Address, ofBank: o.Bank, ofAccount: o.Account,
		ofAreas: strings.Join(o.ServiceAreas, "、"), ofStatus: o.Status, ofNotes: o.Notes,
	}
}

// ExportOrganizations writes every organization of the register (not the
// recycle bin's), in the list's order, to an XLSX file in the template's
// layout, with every column the import reads: exporting and importing
// into the same register changes nothing. The file appears only when
// complete, and the export is audited. It returns the rows written.
func ExportOrganizations(ctx context.Context, s *data.Store, path string) (int, error) {
	var orgs []data.Organization
	f := data.OrganizationFilter{Limit: 500}
	for {
		page, err := s.ListOrganizations(ctx, f)
		if err != nil {
			return 0, err
		}
		orgs = append(orgs, page.Rows...)
		if page.Next == "" {
			break
		}
		f.After = page.Next
	}
	x := excelize.NewFile()
	defer x.Close()
	if err := writeOrgSheet(x, orgs, false); err != nil {
		return 0, fmt.Errorf("sheet: export: %w", err)
	}
	// Audited before the file takes its name, as the household export.
	err := data.WriteFileAtomic(path, func(w io.Writer) error { return x.Write(w) }, func() error {
		err := s.Tx(ctx, func(tx *data.Tx) error {
			return tx.Audit(AuditActionExport, AuditEntityOrganizations, 0, nil, map[string]any{
				"file": filepath.Base(path), "rows": len(orgs),
			})
		})
		if err != nil {
			return fmt.Errorf("audit: %w", err)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("sheet: export: %w", err)
	}
	return len(orgs), nil
}

// WriteOrganizationTemplate writes the blank organization register: the
// headers, dropdowns for type and status, text format for the number
// columns and an example row the importer skips.
func WriteOrganizationTemplate(path string) error {
	x := excelize.NewFile()
	defer x.Close()
	if err := writeOrgSheet(x, []data.Organization{exampleOrganization()}, true); err != nil {
		return fmt.Errorf("sheet: template: %w", err)
	}
	if err := data.WriteFileAtomic(path, func(w io.Writer) error { return x.Write(w) }, nil); err != nil {
		return fmt.Errorf("sheet: template: %w", err)
	}
	return nil
}

// exampleOrganization is the template's example row, valid in every
// column; its code is made up with the right check character.
func exampleOrganization() data.Organization {
	code := "52110101MJ0000001"
	code += string(data.USCCCheckChar(code))
	return data.Organization{
		Name: "幸福社区养老服务中心", USCC: code, Type: data.OrgTypeService, Authority: "东城区民政局",
		LegalRep: "张三", Contact: "李四", Phone: "13800000000", Address: "幸福小区3栋1层",
		Bank: "中国工商银行北京东城支行", Account: "0200000000000000000",
		ServiceAreas: []string{"养老服务", "志愿服务"}, Status: data.OrgActive, Notes: exampleMarker,
	}
}

// writeOrgSheet lays out the register's sheet with orgs as its rows; the
// template's example row is grey and its columns get dropdowns.
func writeOrgSheet(x *excelize.File, orgs []data.Organization, template bool) error {
	if err := x.SetSheetName("Sheet1", orgSheet); err != nil {
		return err
	}
	st, err := newRosterStyles(x)
	if err != nil {
		return err
	}
	last := max(len(orgs)+1, 2) // the last row with text format (and dropdowns)
	if template {
		last = 2000
	}
	if err := writeOrgHeader(x, st, last); err != nil {
		return err
	}
	if err := writeOrgRows(x, st, orgs); err != nil {
		return err
	}
	if !template {
		return nil
	}
	lastCol, _ := excelize.ColumnNumberToName(int(nOrgFields))
	if err := x.SetCellStyle(orgSheet, "A2", lastCol+"2", st.example); err != nil {
		return err
	}
	return addOrgDropdowns(x, last)
}

// writeOrgHeader sets the columns' widths, text format on the number
// columns down to row last, and the frozen, styled header.
func writeOrgHeader(x *excelize.File, st rosterStyles, last int) error {
	for f := orgField(0); f < nOrgFields; f++ {
		col, _ := excelize.ColumnNumberToName(int(f) + 1)
		if err := x.SetColWidth(orgSheet, col, col, orgColumns[f].width); err != nil {
			return err
		}
		if orgColumns[f].text {
			if err := x.SetCellStyle(orgSheet, col+"2", fmt.Sprintf("%s%d", col, last), st.text); err != nil {
				return err
			}
		}
		if err := x.SetCellStr(orgSheet, col+"1", orgColumns[f].header); err != nil {
			return err
		}
	}
	lastCol, _ := excelize.ColumnNumberToName(int(nOrgFields))
	if err := x.SetCellStyle(orgSheet, "A1", lastCol+"1", st.header); err != nil {
		return err
	}
	if err := x.SetRowHeight(orgSheet, 1, 28); err != nil {
		return err
	}
	return x.SetPanes(orgSheet, &excelize.Panes{Freeze: true, XSplit: 1, YSplit: 1, TopLeftCell: "B2", ActivePane: "bottomRight"})
}

// writeOrgRows writes one row per organization below the header; a value
// that begins like a formula gets a quotePrefix style (see
// rosterStyles.cellValue).
func writeOrgRows(x *excelize.File, st rosterStyles, orgs []data.Organization) error {
	for r, o := range orgs {
		cells := orgCells(&o)
		for f := orgField(0); f < nOrgFields; f++ {
			if cells[f] == "" {
				continue
			}
			ref, _ := excelize.CoordinatesToCellName(int(f)+1, r+2)
			if err := x.SetCellStr(orgSheet, ref, cells[f]); err != nil {
				return err
			}
			if id := st.quoteStyle(cells[f], orgColumns[f].text); id != 0 {
				if err := x.SetCellStyle(orgSheet, ref, ref, id); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// addOrgDropdowns gives the type and status columns their lists down to
// row last.
func addOrgDropdowns(x *excelize.File, last int) error {
	for _, l := range []struct {
		f     orgField
		terms []string
	}{{ofType, data.OrgTypes}, {ofStatus, data.OrgStatuses}} {
		col, _ := excelize.ColumnNumberToName(int(l.f) + 1)
		dv := excelize.NewDataValidation(true)
		dv.Sqref = fmt.Sprintf("%s2:%s%d", col, col, last)
		if err := dv.SetDropList(l.terms); err != nil {
			return err
		}
		if err := x.AddDataValidation(orgSheet, dv); err != nil {
			return err
		}
	}
	return nil
}
