package sheet

import (
	"io"
	"sync"
)

// Reading a 300,000-row roster is three kinds of work — inflating the zip
// entry, tokenizing the worksheet, cleaning and packing the cells — of a
// few seconds each. Each stage runs in its own goroutine so that a desktop
// with two cores or more reads the roster in the time of the slowest stage
// instead of the sum.

// asyncReader reads r ahead in a goroutine, a few large buffers at a time.
type asyncReader struct {
	r     io.ReadCloser
	full  chan []byte
	empty chan []byte
	done  chan struct{}
	err   error  // set before full is closed
	buf   []byte // the buffer being read, to give back
	cur   []byte // its unread part
	once  sync.Once
	wg    sync.WaitGroup
}

const (
	asyncBufSize = 256 << 10
	asyncBufs    = 4
)

func newAsyncReader(r io.ReadCloser) *asyncReader {
	a := &asyncReader{r: r, full: make(chan []byte, asyncBufs), empty: make(chan []byte, asyncBufs), done: make(chan struct{})}
	for i := 0; i < asyncBufs; i++ {
		a.empty <- make([]byte, asyncBufSize)
	}
	a.wg.Add(1)
	go a.fill()
	return a
}

func (a *asyncReader) fill() {
	defer a.wg.Done()
	defer close(a.full)
	for {
		var buf []byte
		select {
		case buf = <-a.empty:
		case <-a.done:
			return
		}
		n, err := io.ReadFull(a.r, buf[:cap(buf)])
		if n > 0 {
			select {
			case a.full <- buf[:n]:
			case <-a.done:
				return
			}
		}
		if err != nil {
			if err != io.EOF && err != io.ErrUnexpectedEOF {
				a.err = err
			}
			return
		}
	}
}

func (a *asyncReader) Read(p []byte) (int, error) {
	if len(a.cur) == 0 {
		if a.buf != nil {
			a.empty <- a.buf
			a.buf = nil
		}
		buf, ok := <-a.full
		if !ok {
			if a.err != nil {
				return 0, a.err
			}
			return 0, io.EOF
		}
		a.buf, a.cur = buf[:cap(buf)], buf
	}
	n := copy(p, a.cur)
	a.cur = a.cur[n:]
	return n, nil
}

// Close stops the goroutine and closes the underlying reader.
func (a *asyncReader) Close() error {
	a.once.Do(func() { close(a.done) })
	a.wg.Wait()
	return a.r.Close()
}

// prefetchRows runs a row source's next in a goroutine and hands its rows
// over in batches. The cells are copied (the source reuses its slice); the
// strings in them are not.
type prefetchRows struct {
	src   rowSource
	ch    chan rowBatch
	done  chan struct{}
	once  sync.Once
	wg    sync.WaitGroup
	batch rowBatch
	pos   int
}

type rowBatch struct {
	rows  []int
	cells [][]cell
	err   error // io.EOF at the end
}

const prefetchBatch = 512

func newPrefetchRows(src rowSource) *prefetchRows {
	p := &prefetchRows{src: src, ch: make(chan rowBatch, 4), done: make(chan struct{})}
	p.wg.Add(1)
	go p.run()
	return p
}

func (p *prefetchRows) run() {
	defer p.wg.Done()
	defer close(p.ch)
	for {
		b := rowBatch{rows: make([]int, 0, prefetchBatch), cells: make([][]cell, 0, prefetchBatch)}
		// The batch's cells share one array (reallocated when it fills).
		flat := make([]cell, 0, prefetchBatch*16)
		for len(b.rows) < prefetchBatch {
			row, cells, err := p.src.next()
			if err != nil {
				b.err = err
				break
			}
			if len(flat)+len(cells) > cap(flat) {
				flat = make([]cell, 0, max(cap(flat), len(cells)*prefetchBatch))
			}
			start := len(flat)
			flat = append(flat, cells...)
			b.rows = append(b.rows, row)
			b.cells = append(b.cells, flat[start:len(flat):len(flat)])
		}
		select {
		case p.ch <- b:
		case <-p.done:
			return
		}
		if b.err != nil {
			return
		}
	}
}

func (p *prefetchRows) next() (int, []cell, error) {
	for p.pos >= len(p.batch.rows) {
		if p.batch.err != nil {
			return 0, nil, p.batch.err
		}
		b, ok := <-p.ch
		if !ok {
			return 0, nil, io.EOF
		}
		p.batch, p.pos = b, 0
	}
	i := p.pos
	p.pos++
	return p.batch.rows[i], p.batch.cells[i], nil
}

// stop ends the goroutine; the source is then the caller's again.
func (p *prefetchRows) stop() {
	p.once.Do(func() { close(p.done) })
	p.wg.Wait()
}

func (p *prefetchRows) want(cols []bool)    { p.src.want(cols) }
func (p *prefetchRows) merges() []cellRange { return p.src.merges() }
func (p *prefetchRows) date1904() bool      { return p.src.date1904() }
func (p *prefetchRows) close() error {
	p.stop()
	return p.src.close()
}
