package pdf

import (
	"context"
	"io"
	"path/filepath"

	"jiedao/data"
)

// AuditActionPrint is the action of the audit entry every printed
// document leaves: the roster (entity "residents": the file, the filter,
// masked or not, rows), the household form, agreements, minutes, sign-in
// sheets and notices (the file, the document, the records).
const AuditActionPrint = data.ActionPrint

// printed is what a document's audit entry says of it: the document, which
// records it shows and how many. WriteFile records it with the file.
type printed struct {
	s      *data.Store
	entity string
	ids    []int64
	what   map[string]any // more about the document: numbers, titles…
}

// audited marks d to be recorded in s's audit trail when it is written
// with WriteFile: document names it, entity and ids are the records it
// prints, what adds details. It returns d.
func (d *Doc) audited(s *data.Store, document, entity string, ids []int64, what map[string]any) *Doc {
	if s == nil {
		return d
	}
	if what == nil {
		what = map[string]any{}
	}
	what["document"] = document
	d.print = &printed{s: s, entity: entity, ids: ids, what: what}
	return d
}

// write writes b to path and records the print, both or neither.
func (p *printed) write(ctx context.Context, path string, b []byte, pages int) error {
	var id int64
	if len(p.ids) == 1 {
		id = p.ids[0]
	}
	after := func() any {
		a := map[string]any{"file": filepath.Base(path), "records": len(p.ids), "ids": p.ids, "pages": pages}
		for k, v := range p.what {
			a[k] = v
		}
		return a
	}
	err := p.s.WriteAudited(ctx, path, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	}, AuditActionPrint, p.entity, id, after)
	if err != nil {
		return err
	}
	return nil
}
