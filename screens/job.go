package screens

import (
	"context"
	"errors"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// JobFunc is long work run off the UI goroutine. It should return soon
// after ctx is cancelled, and may report progress as done of total (total
// 0: unknown) from any goroutine, as often as it likes.
type JobFunc func(ctx context.Context, progress func(done, total int)) error

// Job is a running JobFunc.
type Job struct {
	cancel context.CancelFunc
	tap    func() // the Cancel button's action, for Esc
	done   chan struct{}
	err    error
}

// Cancel asks the job to stop; its onDone still runs.
func (j *Job) Cancel() { j.cancel() }

// Wait blocks until the job has finished and onDone has run, and returns
// the job's error.
func (j *Job) Wait() error {
	<-j.done
	return j.err
}

// progressInterval is how often the progress bar follows the job: often
// enough to look alive, rarely enough that a job reporting every row does
// not flood the UI goroutine.
const progressInterval = 100 * time.Millisecond

// RunJob runs fn in its own goroutine behind a modal dialog titled title,
// with a progress bar and a Cancel button that cancels fn's context. When
// fn returns, the dialog closes and onDone (if not nil) runs on the UI
// goroutine with fn's error; a cancelled job's error is context.Canceled
// (see Cancelled). Call it from the UI goroutine.
func RunJob(win fyne.Window, title string, fn JobFunc, onDone func(error)) *Job {
	ctx, cancel := context.WithCancel(context.Background())
	j := &Job{cancel: cancel, done: make(chan struct{})}

	bar := &widget.ProgressBar{}
	wait := &widget.ProgressBarInfinite{}
	bar.Hide()
	note := &widget.Label{Text: lang.L("Working…")}
	cancelBtn := &widget.Button{Text: lang.L("Cancel"), Icon: theme.CancelIcon()}
	j.tap = func() {
		cancel()
		cancelBtn.Disable()
		note.SetText(lang.L("Cancelling…"))
	}
	cancelBtn.OnTapped = j.tap
	content := container.NewVBox(note, container.NewStack(wait, bar), container.NewCenter(cancelBtn))
	d := dialog.NewCustomWithoutButtons(title, content, win)
	d.Resize(fyne.NewSize(420, d.MinSize().Height))
	d.Show()

	var done, total atomic.Int64
	ticker := time.NewTicker(progressInterval)
	tickStop, tickExited := make(chan struct{}), make(chan struct{})
	update := func() {
		t, n := total.Load(), done.Load()
		if t <= 0 {
			return
		}
		if wait.Visible() {
			wait.Stop()
			wait.Hide()
			bar.Show()
		}
		bar.Max = float64(t)
		bar.SetValue(float64(min(n, t)))
	}
	go func() {
		defer close(tickExited)
		for {
			select {
			case <-ticker.C:
				fyne.Do(update)
			case <-tickStop:
				return
			}
		}
	}()

	go func() {
		defer close(j.done)
		err := runSafely(ctx, fn, func(d, t int) {
			done.Store(int64(d))
			total.Store(int64(t))
		})
		ticker.Stop()
		close(tickStop)
		<-tickExited
		j.err = err
		// Wait for the UI so that Job.Wait covers onDone too.
		fyne.DoAndWait(func() {
			wait.Stop()
			d.Hide()
			if onDone != nil {
				onDone(err)
			}
		})
		cancel()
	}()
	return j
}

// runSafely runs fn, turning a panic into an error so that a bug in one
// job leaves the window usable and the dialog closed.
func runSafely(ctx context.Context, fn JobFunc, progress func(done, total int)) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = errors.New(lang.L("Internal error") + ": " + panicText(r))
		}
	}()
	return fn(ctx, progress)
}

func panicText(r any) string {
	switch v := r.(type) {
	case error:
		return v.Error()
	case string:
		return v
	}
	return "panic"
}

// Cancelled reports whether err means the user cancelled: such a job ends
// without an error dialog.
func Cancelled(err error) bool {
	return errors.Is(err, context.Canceled)
}

// RunJob is RunJob for this Env's window: the job counts for Wait, and Esc
// cancels it like the Cancel button.
func (e *Env) RunJob(title string, fn JobFunc, onDone func(error)) *Job {
	e.jobs.Add(1)
	var j *Job
	// Registered before the job starts so that onDone always finds it;
	// Esc is handled on the UI goroutine, after j is set.
	esc := e.pushEscape(func() { j.tap() })
	// The job also stops when the window closes.
	inner := func(ctx context.Context, progress func(done, total int)) error {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		defer context.AfterFunc(e.ctx, cancel)()
		return fn(ctx, progress)
	}
	j = RunJob(e.Window, title, inner, func(err error) {
		defer e.jobs.Done()
		e.popEscape(esc)
		if onDone != nil {
			onDone(err)
		}
	})
	return j
}
