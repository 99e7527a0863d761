package pdf

// Batch printing of agreements: the agreements a list filter selects,
// either into one PDF (to print and bind in one go) or one file per
// agreement into a folder (to send each to its organization), named by
// number and party B. Each agreement keeps its own page furniture in the
// combined file — its number in the header and "第 N 页 共 M 页" counting
// its own pages — so the stack can be split after printing and every copy
// reads as if printed alone.
//
// A batch can be cancelled at any point; nothing half-written is left
// behind: each file is written to a temporary name and renamed when
// complete, and the combined file is written only once every agreement is
// laid out.

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"jiedao/data"
)

// AgreementBatchOptions says where a batch goes.
type AgreementBatchOptions struct {
	// Path, when set, is the one PDF every agreement goes into, one after
	// the other. Otherwise each agreement is a file of its own in Dir,
	// named by AgreementFileName.
	Path string
	Dir  string
	// Progress, when not nil, is told done of total agreements as they
	// are laid out, one call at a time but from the batch's worker
	// goroutines.
	Progress func(done, total int)
}

// AgreementBatchResult is what a batch wrote.
type AgreementBatchResult struct {
	Agreements int      // laid out
	Pages      int      // in all
	Files      []string // the files written, in order
}

// batchPage is how many agreements one query of the selection reads.
const batchPage = 500

// AgreementBatchIDs returns the ids of every agreement f selects, in the
// list's order (newest first), paging through the store.
func AgreementBatchIDs(ctx context.Context, s *data.Store, f data.AgreementFilter) ([]int64, error) {
	f.After, f.Limit = "", batchPage
	var ids []int64
	for {
		p, err := s.ListAgreements(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, r := range p.Rows {
			ids = append(ids, r.ID)
		}
		if p.Next == "" {
			return ids, nil
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		f.After = p.Next
	}
}

// PrintAgreementBatch prints the agreements f selects as opt says. It stops
// with ctx.Err() when ctx is cancelled, leaving the files completed before
// (one file per agreement) or nothing (one PDF).
func PrintAgreementBatch(ctx context.Context, s *data.Store, f data.AgreementFilter, opt AgreementBatchOptions) (AgreementBatchResult, error) {
	ids, err := AgreementBatchIDs(ctx, s, f)
	if err != nil {
		return AgreementBatchResult{}, err
	}
	return PrintAgreements(ctx, s, ids, opt)
}

// PrintAgreements prints the agreements ids, in that order, as opt says
// (see PrintAgreementBatch). Agreements are laid out (and, one file each,
// written) by as many workers as there are CPUs: a separate Doc per
// agreement is safe to build concurrently, and most of a file's cost is
// embedding its fonts, which only more cores make faster.
func PrintAgreements(ctx context.Context, s *data.Store, ids []int64, opt AgreementBatchOptions) (AgreementBatchResult, error) {
	if opt.Path == "" && opt.Dir == "" {
		return AgreementBatchResult{}, errors.New("pdf: agreement batch: no file or folder")
	}
	b := &agreementBatch{s: s, ids: ids, opt: opt, progress: opt.Progress,
		docs: make([]*Doc, len(ids)), files: make([]string, len(ids)), used: map[string]bool{}}
	if b.progress == nil {
		b.progress = func(int, int) {}
	}
	b.progress(0, len(ids))
	parent := ctx
	ctx, b.cancel = context.WithCancel(parent)
	defer b.cancel()
	b.run(ctx)
	res := b.res
	for _, f := range b.files {
		if f != "" {
			res.Files = append(res.Files, f)
		}
	}
	// The caller's cancellation is what the caller is told, rather than
	// what a worker made of it.
	if err := parent.Err(); err != nil {
		return res, err
	}
	if b.firstErr != nil {
		return res, b.firstErr
	}
	if opt.Path == "" {
		return res, nil
	}
	out, err := renderDocs(b.docs, "")
	if err != nil {
		return res, err
	}
	if err := ctx.Err(); err != nil {
		return res, err
	}
	// One entry for the combined file; one file each is recorded by
	// WriteFile, file by file.
	p := &printed{s: s, entity: "agreements", ids: ids, what: map[string]any{"document": "agreements"}}
	if err := p.write(parent, opt.Path, out, res.Pages); err != nil {
		return res, err
	}
	res.Files = []string{opt.Path}
	return res, nil
}

// agreementBatch is one run of PrintAgreements.
type agreementBatch struct {
	s        *data.Store
	ids      []int64
	opt      AgreementBatchOptions
	progress func(done, total int)
	cancel   context.CancelFunc

	docs  []*Doc   // one PDF: the layouts, in order
	files []string // one file each: the files, in order

	mu       sync.Mutex // guards what follows, and progress
	done     int
	firstErr error
	used     map[string]bool // file names of this batch, lower-cased
	res      AgreementBatchResult
}

// run lays out (and writes) every agreement, stopping at the first error
// or when ctx is cancelled.
func (b *agreementBatch) run(ctx context.Context) {
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(len(b.ids), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := b.one(ctx, i); err != nil {
					b.fail(err)
				}
			}
		}()
	}
feed:
	for i := range b.ids {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
}

func (b *agreementBatch) fail(err error) {
	b.mu.Lock()
	if b.firstErr == nil {
		b.firstErr = err
	}
	b.mu.Unlock()
	b.cancel()
}

// one lays out agreement i, and keeps it for the one PDF or writes its
// own file.
func (b *agreementBatch) one(ctx context.Context, i int) error {
	a, err := b.s.Agreement(ctx, b.ids[i])
	if err != nil {
		return err
	}
	d, err := AgreementDoc(ctx, b.s, &a)
	if err != nil {
		return err
	}
	if b.opt.Path != "" {
		b.docs[i] = d
	} else if b.files[i], err = b.writeFile(ctx, &a, d); err != nil {
		return err
	}
	b.mu.Lock()
	b.done++
	b.res.Agreements++
	b.res.Pages += d.Pages()
	b.progress(b.done, len(b.ids))
	b.mu.Unlock()
	return nil
}

// writeFile writes agreement a, laid out as d, to its own file in the
// folder, named by number and party B (made unique in this batch).
func (b *agreementBatch) writeFile(ctx context.Context, a *data.Agreement, d *Doc) (string, error) {
	party, err := partyBName(ctx, b.s, a)
	if err != nil {
		return "", err
	}
	b.mu.Lock()
	name := uniqueName(AgreementFileName(a.Number, party), b.used)
	b.mu.Unlock()
	path := filepath.Join(b.opt.Dir, name)
	if err := ctx.Err(); err != nil {
		return "", err
	}
	if err := d.WriteFile(path); err != nil {
		return "", err
	}
	return path, nil
}

// partyBName is party B as the agreement prints it: the snapshot taken at
// signing, else the organization's name now.
func partyBName(ctx context.Context, s *data.Store, a *data.Agreement) (string, error) {
	if a.PartyB != nil && a.PartyB.Name != "" {
		return a.PartyB.Name, nil
	}
	_, pb, err := s.AgreementParties(ctx, a)
	if err != nil {
		return "", fmt.Errorf("pdf: agreement %s: %w", a.Number, err)
	}
	return pb.Name, nil
}

// maxNameRunes bounds a file name made from an agreement: Windows allows
// 255 UTF-16 units per name and 260 per path unless long paths are on;
// a name of 100 characters leaves room for a deep folder.
const maxNameRunes = 100

// AgreementFileName is the file an agreement prints to: its number and
// party B, "〔2026〕委字第001号 阳光社会工作服务中心.pdf", with the
// characters Windows forbids in names replaced (see SafeFileName).
func AgreementFileName(number, party string) string {
	name := strings.TrimSpace(number)
	if p := strings.TrimSpace(party); p != "" {
		name += " " + p
	}
	return SafeFileName(name) + ".pdf"
}

// SafeFileName makes s usable as a file name on Windows (and so anywhere):
// \ / : * ? " < > | and control characters become "_", runs of blanks one
// space, trailing dots and spaces (which Windows drops) go, a name Windows
// reserves for a device (CON, NUL, COM1…) gets a "_" in front, and the
// result is at most maxNameRunes characters. Chinese stays as it is.
func SafeFileName(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			if !space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = true
			continue
		case strings.ContainsRune(`\/:*?"<>|`, r) || unicode.IsControl(r) || r == utf8.RuneError:
			r = '_'
		}
		space = false
		b.WriteRune(r)
	}
	out := []rune(strings.TrimRight(b.String(), ". "))
	if len(out) > maxNameRunes {
		out = []rune(strings.TrimRight(string(out[:maxNameRunes]), ". "))
	}
	name := string(out)
	if name == "" {
		return "_"
	}
	base := strings.ToUpper(strings.SplitN(name, ".", 2)[0])
	switch base {
	case "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
		"LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9":
		name = "_" + name
	}
	return name
}

// uniqueName returns name, or name with " (2)", " (3)"… before its
// extension when this batch has used it already (names are compared
// without case, as Windows does).
func uniqueName(name string, used map[string]bool) string {
	ext := filepath.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	out := name
	for n := 2; used[strings.ToLower(out)]; n++ {
		out = fmt.Sprintf("%s (%d)%s", stem, n, ext)
	}
	used[strings.ToLower(out)] = true
	return out
}
