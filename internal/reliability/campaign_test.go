package reliability

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"jiedao/cli"
	"jiedao/data"
	"jiedao/data/datatest"
)

var (
	trials = flag.Int("trials", 8, "kills of each kind (import, backup, restore)")
	seed   = flag.Uint64("seed", 0, "seed of the kill moments; 0 takes one from the clock")
)

// childArgs, in a process's environment, makes this test binary the
// command line: TestMain runs cli.Run with the JSON-encoded arguments and
// exits with its code, as jiedao would.
const childArgs = "JIEDAO_RELIABILITY_ARGS"

func TestMain(m *testing.M) {
	if a := os.Getenv(childArgs); a != "" {
		var args []string
		if err := json.Unmarshal([]byte(a), &args); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		noWindow := func(string, string) error { return errors.New("no window in the reliability suite") }
		os.Exit(cli.Run(args, os.Stdout, os.Stderr, "reliability", noWindow))
	}
	code := m.Run()
	if theWorld != nil {
		os.RemoveAll(theWorld.dir)
	}
	os.Exit(code)
}

// world is the campaign's folder: the data folder the children write
// crash logs into, and the files every trial starts from.
type world struct {
	dir      string
	home     string // XDG_DATA_HOME of the children
	register string // 2,000 households (demo, seed 1), the office's file
	roster   string // the register exported unmasked, to import
	target   string // 100 other households (demo, seed 2), to import into
	backup   string // a backup of register, to restore
}

var (
	worldOnce sync.Once
	theWorld  *world
	worldErr  error
)

// setUp makes the world once for the tests of this run.
func setUp(t *testing.T) *world {
	t.Helper()
	worldOnce.Do(func() {
		dir, err := os.MkdirTemp("", "jiedao-reliability-")
		if err != nil {
			worldErr = err
			return
		}
		w := &world{dir: dir, home: filepath.Join(dir, "home"),
			register: filepath.Join(dir, "register.db"), roster: filepath.Join(dir, "花名册.xlsx"),
			target: filepath.Join(dir, "target.db")}
		steps := [][]string{
			{"demo", "--households", "2000", "--seed", "1", "--password", datatest.Password, "--db", w.register},
			{"export", "households", "-o", w.roster, "--unmasked", "--reason", "核实身份", "--db", w.register},
			{"demo", "--households", "100", "--seed", "2", "--password", datatest.Password, "--db", w.target},
			{"backup", "--to", filepath.Join(dir, "backups"), "--db", w.register},
		}
		for _, args := range steps {
			r := w.run(args...)
			if r.code != 0 {
				worldErr = fmt.Errorf("%s: exit %d: %s", args[0], r.code, r.stderr)
				return
			}
			if args[0] == "backup" {
				w.backup = strings.TrimSpace(r.stdout)
			}
			if args[0] == "demo" {
				addFullLogin(t, args[len(args)-1])
			}
		}
		theWorld = w
	})
	if worldErr != nil {
		t.Fatal(worldErr)
	}
	return theWorld
}

// addFullLogin gives the register at path datatest's FullLogin (admin,
// street manager and auditor), as whom the children log in (command).
func addFullLogin(t *testing.T, path string) {
	t.Helper()
	s, err := data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	datatest.As(t, s, datatest.FullLogin, datatest.FullRoles, nil, nil)
}

// result is how a child process ended.
type result struct {
	code           int
	stdout, stderr string
	took           time.Duration
	killed         bool // killed before it ended by itself
}

// command is jiedao args as a child process.
func (w *world) command(args ...string) *exec.Cmd {
	b, _ := json.Marshal(args)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childArgs+"="+string(b), "XDG_DATA_HOME="+w.home, "JIEDAO_DB=",
		"JIEDAO_USER="+datatest.FullLogin, "JIEDAO_PASSWORD="+datatest.Password)
	return cmd
}

// run runs jiedao args to its end.
func (w *world) run(args ...string) result { return w.runFor(-1, args...) }

// runFor runs jiedao args and kills it (kill -9) after d, unless it ended
// before; d < 0 waits for the end.
func (w *world) runFor(d time.Duration, args ...string) result {
	cmd := w.command(args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return result{code: -1, stderr: err.Error()}
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var r result
	var err error
	if d < 0 {
		err = <-done
	} else {
		select {
		case err = <-done:
		case <-time.After(d):
			r.killed = cmd.Process.Kill() == nil
			err = <-done
		}
	}
	r.took = time.Since(start)
	r.stdout, r.stderr = out.String(), errb.String()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
		if r.killed && !ee.Exited() {
			r.code = -9
		} else {
			r.killed = false // it had ended by itself
		}
	case err != nil:
		r.code = -1
	default:
		r.killed = false
	}
	return r
}

// counts are the rows of the registers in a database.
type counts struct {
	Households, Residents, Organizations, Agreements, Meetings int64
}

func (c counts) String() string {
	return fmt.Sprintf("%d households, %d residents, %d organizations, %d agreements, %d meetings",
		c.Households, c.Residents, c.Organizations, c.Agreements, c.Meetings)
}

// lost is how many rows c lacks or has more than the nearest of allowed.
func (c counts) lost(allowed []counts) int64 {
	best := int64(-1)
	for _, a := range allowed {
		d := abs(c.Households-a.Households) + abs(c.Residents-a.Residents) + abs(c.Organizations-a.Organizations) +
			abs(c.Agreements-a.Agreements) + abs(c.Meetings-a.Meetings)
		if best < 0 || d < best {
			best = d
		}
	}
	return best
}

func abs(n int64) int64 { return max(n, -n) }

// scoped is a testing.TB whose cleanups run when the check is done, so
// that every store of a trial is closed before the next trial starts.
type scoped struct {
	testing.TB
	cleanups []func()
}

func (s *scoped) Cleanup(f func()) { s.cleanups = append(s.cleanups, f) }

func (s *scoped) done() {
	for i := len(s.cleanups) - 1; i >= 0; i-- {
		s.cleanups[i]()
	}
}

// checked is what the next start found.
type checked struct {
	counts    counts
	damage    error    // the database would not open, its check failed or its audit chain is broken
	badBackup []string // files named as backups that are not good ones
	leftovers []string // what the killed job left and the start did not remove
}

var leftover = regexp.MustCompile(`\.partial(-journal|-wal|-shm)?$|\.restoring$|^\..+\.(jiedao-)?\d+\.tmp$`)

// nextStart opens the database at db as the next start of jiedao does,
// and checks it, its backups folder and what lies beside it.
func nextStart(t *testing.T, db string) checked {
	var c checked
	tb := &scoped{TB: t}
	defer tb.done()
	s, err := data.OpenExisting(db)
	if err != nil {
		c.damage = err
		return c
	}
	tb.Cleanup(func() { s.Close() })
	if err := s.CheckIntegrity(context.Background()); err != nil {
		c.damage = err
	}
	// What `jiedao audit verify` checks, as it checks it (reading the
	// file, needing no account): the chain of audit entries is whole,
	// whatever moment the job was killed at.
	if _, err := data.VerifyAuditFile(context.Background(), db); err != nil && c.damage == nil {
		c.damage = fmt.Errorf("audit chain: %w", err)
	}
	g := datatest.DB(tb, s)
	for _, n := range []struct {
		model any
		into  *int64
	}{
		{&data.Household{}, &c.counts.Households}, {&data.Resident{}, &c.counts.Residents},
		{&data.Organization{}, &c.counts.Organizations}, {&data.Agreement{}, &c.counts.Agreements},
		{&data.Meeting{}, &c.counts.Meetings},
	} {
		if err := g.Model(n.model).Count(n.into).Error; err != nil && c.damage == nil {
			c.damage = err
		}
	}
	c.leftovers = leftoversIn(db)
	backups, _ := filepath.Glob(filepath.Join(filepath.Dir(db), "backups", "*.db"))
	for _, p := range backups {
		if err := data.CheckBackup(context.Background(), p); err != nil {
			c.badBackup = append(c.badBackup, fmt.Sprintf("%s: %v", p, err))
		}
	}
	return c
}

// copyFile copies a closed database file.
func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(to), 0o700); err != nil {
		t.Fatal(err)
	}
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// tally adds up a campaign's trials.
type tally struct {
	kind                   string
	trials, kills, applied int
	partial                int // kills that left a job's files, for the next start to remove
	rowsLost               int64
	corrupted, leftovers   int
	took                   time.Duration
}

func (y tally) String() string {
	return fmt.Sprintf("%s: %d trials, %d killed mid-job (%d after the change was committed, %d leaving partial files), %d rows lost, %d files damaged, %d leftovers kept, %v",
		y.kind, y.trials, y.kills, y.applied, y.partial, y.rowsLost, y.corrupted, y.leftovers, y.took.Round(time.Millisecond))
}

// leftoversIn lists what a killed job left beside db and in its backups.
func leftoversIn(db string) []string {
	var out []string
	for _, dir := range []string{filepath.Dir(db), filepath.Join(filepath.Dir(db), "backups")} {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if leftover.MatchString(e.Name()) {
				out = append(out, filepath.Join(dir, e.Name()))
			}
		}
	}
	return out
}

// op is one kind of job to kill: it prepares a trial's folder and
// returns the job's arguments and the states its database may be in after
// (before the job, and after it).
type op struct {
	kind    string
	prepare func(t *testing.T, w *world, dir string) (db string, args []string)
}

func ops() []op {
	return []op{
		{"import", func(t *testing.T, w *world, dir string) (string, []string) {
			db := filepath.Join(dir, "jiedao.db")
			copyFile(t, w.target, db)
			return db, []string{"import", "households", w.roster, "--db", db}
		}},
		{"backup", func(t *testing.T, w *world, dir string) (string, []string) {
			db := filepath.Join(dir, "jiedao.db")
			copyFile(t, w.register, db)
			return db, []string{"backup", "--db", db}
		}},
		{"restore", func(t *testing.T, w *world, dir string) (string, []string) {
			db := filepath.Join(dir, "jiedao.db")
			copyFile(t, w.target, db)
			return db, []string{"restore", w.backup, "--db", db}
		}},
	}
}

// killSeed is -seed, or one from the clock, which it logs so that a
// failing run can be repeated.
func killSeed(t *testing.T) uint64 {
	s := *seed
	if s == 0 {
		s = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (-seed %d repeats the kill moments)", s, s)
	return s
}

// TestKilledMidJob is the campaign: each job once whole, to learn the
// state it leaves and how long it takes, then -trials times killed at a
// random moment of that time; after each kill, the next start must find
// the database whole, in the state before the job or after it.
func TestKilledMidJob(t *testing.T) {
	w := setUp(t)
	rng := rand.New(rand.NewPCG(killSeed(t), 13))
	for _, o := range ops() {
		t.Run(o.kind, func(t *testing.T) {
			start := time.Now()
			y := tally{kind: o.kind}
			db, args := o.prepare(t, w, t.TempDir())
			before := nextStart(t, db).counts
			whole := w.run(args...)
			if whole.code != 0 {
				t.Fatalf("%s uncut: exit %d: %s", o.kind, whole.code, whole.stderr)
			}
			after := nextStart(t, db).counts
			allowed := []counts{before, after}
			t.Logf("%s uncut: %v; before %v, after %v", o.kind, whole.took.Round(time.Millisecond), before, after)
			for i := range *trials {
				db, args := o.prepare(t, w, t.TempDir())
				// Up to 10% past the uncut time: some kills find the
				// job just done.
				d := time.Duration(rng.Int64N(int64(whole.took) * 11 / 10))
				r := w.runFor(d, args...)
				y.trials++
				if r.killed {
					y.kills++
				} else if r.code != 0 {
					t.Errorf("trial %d: %s ended with exit %d: %s", i, o.kind, r.code, r.stderr)
				}
				if len(leftoversIn(db)) > 0 {
					y.partial++
				}
				c := nextStart(t, db)
				if r.killed && c.counts == after && before != after {
					y.applied++
				}
				if c.damage != nil || len(c.badBackup) > 0 {
					y.corrupted++
					t.Errorf("trial %d (killed after %v): damaged: %v %v", i, d, c.damage, c.badBackup)
				}
				if n := c.counts.lost(allowed); n != 0 {
					y.rowsLost += n
					t.Errorf("trial %d (killed after %v): %v, neither before (%v) nor after (%v)", i, d, c.counts, before, after)
				}
				if len(c.leftovers) > 0 {
					y.leftovers += len(c.leftovers)
					t.Errorf("trial %d (killed after %v): left after the next start: %v", i, d, c.leftovers)
				}
				if strings.Contains(r.stderr, "panic") {
					t.Errorf("trial %d: %s panicked: %s", i, o.kind, r.stderr)
				}
			}
			y.took = time.Since(start)
			t.Log(y)
		})
	}
	noCrashLogs(t, w)
}

// TestKilledExport: an export killed at a random moment leaves either no
// file or the whole workbook, never half of one; the hidden temporary
// file it was writing goes at the next write to that folder.
func TestKilledExport(t *testing.T) {
	w := setUp(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "jiedao.db")
	copyFile(t, w.register, db)
	out := filepath.Join(dir, "导出", "花名册.xlsx")
	if err := os.MkdirAll(filepath.Dir(out), 0o700); err != nil {
		t.Fatal(err)
	}
	args := []string{"export", "households", "-o", out, "--db", db}
	whole := w.run(args...)
	if whole.code != 0 {
		t.Fatalf("export uncut: exit %d: %s", whole.code, whole.stderr)
	}
	rng := rand.New(rand.NewPCG(killSeed(t), 14))
	var kills, temps int
	for i := range *trials {
		os.Remove(out)
		d := time.Duration(rng.Int64N(int64(whole.took) * 11 / 10))
		if r := w.runFor(d, args...); r.killed {
			kills++
		}
		if b, err := os.ReadFile(out); err == nil && !bytes.Contains(b[max(0, len(b)-1024):], []byte("PK\x05\x06")) {
			t.Errorf("trial %d (killed after %v): %s is half a workbook (%d bytes)", i, d, out, len(b))
		}
		entries, _ := os.ReadDir(filepath.Dir(out))
		for _, e := range entries {
			if leftover.MatchString(e.Name()) {
				temps++
			}
		}
		if r := w.run(args...); r.code != 0 {
			t.Fatalf("trial %d: the next export: exit %d: %s", i, r.code, r.stderr)
		}
		entries, _ = os.ReadDir(filepath.Dir(out))
		if len(entries) != 1 {
			t.Errorf("trial %d: after the next export the folder holds %d files, want the export alone", i, len(entries))
		}
	}
	t.Logf("export: %d trials, %d killed mid-job, %d leaving a temporary file, each removed by the next export", *trials, kills, temps)
	noCrashLogs(t, w)
}

// noCrashLogs fails when a child wrote a crash log: no panic anywhere.
func noCrashLogs(t *testing.T, w *world) {
	t.Helper()
	logs, _ := filepath.Glob(filepath.Join(w.home, "jiedao", "logs", "crash-*.log"))
	for _, l := range logs {
		b, _ := os.ReadFile(l)
		t.Errorf("crash log %s:\n%s", l, b)
	}
}

// TestBesideALockHolder is the busy database of issue 13 between two
// processes: while another one holds the write lock for longer than the
// busy timeout, every subcommand that only reads does its job, and every
// one that must write says the file is being written and exits 1, leaving
// no file behind. A print writes too: its audit entry (who printed which
// whole numbers) and the file are both kept or neither. None panics
// (before, all of them did, with exit 2).
func TestBesideALockHolder(t *testing.T) {
	w := setUp(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "jiedao.db")
	copyFile(t, w.register, db)
	var household, agreement string
	func() {
		tb := &scoped{TB: t}
		defer tb.done()
		s := datatest.MustOpenPath(tb, db)
		var h data.Household
		var a data.Agreement
		if err := datatest.DB(tb, s).First(&h).Error; err != nil {
			t.Fatal(err)
		}
		if err := datatest.DB(tb, s).First(&a).Error; err != nil {
			t.Fatal(err)
		}
		household, agreement = h.Number, a.Number
	}()
	holdLock(t, db)

	busy := "数据库文件 " + db + " 正被另一个程序写入（可能正在导入），请稍后再试。"
	inUse := "数据库文件 " + db + " 正被另一个程序占用"
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		// A print is audited before the file gets its name.
		{"print household", []string{"print", "household", household, "-o", filepath.Join(dir, "h.pdf")}, 1, busy},
		{"print agreement", []string{"print", "agreement", agreement, "-o", filepath.Join(dir, "a.pdf")}, 1, busy},
		{"print minutes", []string{"print", "minutes", "1", "-o", filepath.Join(dir, "m.pdf")}, 1, busy},
		{"import --dry-run", []string{"import", "households", w.roster, "--dry-run"}, 0, ""},
		// An export is audited before the file gets its name.
		{"export households", []string{"export", "households", "-o", filepath.Join(dir, "e.xlsx")}, 1, busy},
		{"export organizations", []string{"export", "organizations", "-o", filepath.Join(dir, "o.xlsx")}, 1, busy},
		{"import", []string{"import", "households", w.roster}, 1, busy},
		// The copy is made beside the writer; its audit entry waits.
		{"backup", []string{"backup"}, 1, busy},
		{"demo", []string{"demo", "--households", "3"}, 1, busy},
		{"restore", []string{"restore", w.backup}, 1, inUse},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel() // each waits out the busy timeout in a process of its own
			r := w.run(append(tc.args, "--db", db)...)
			if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("exit %d, want %d; stderr %q, want %q", r.code, tc.code, r.stderr, tc.want)
			}
			if strings.Contains(r.stderr, "panic") || strings.Contains(r.stderr, "goroutine ") {
				t.Errorf("panicked: %s", r.stderr)
			}
			if i := slices.Index(tc.args, "-o"); i >= 0 && tc.code != 0 {
				if _, err := os.Stat(tc.args[i+1]); err == nil {
					t.Errorf("%s was written, but its job failed", tc.args[i+1])
				}
			}
		})
	}
	t.Cleanup(func() { noCrashLogs(t, w) })
}

// holdLock starts a process (this test binary, TestHelperHoldLock) that
// takes the write lock of db with BEGIN IMMEDIATE and a write, and holds
// it until the test ends.
func holdLock(t *testing.T, db string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperHoldLock$")
	cmd.Env = append(os.Environ(), "JIEDAO_RELIABILITY_HOLD="+db)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stdin.Close()
		_ = cmd.Wait()
	})
	if line, err := bufio.NewReader(stdout).ReadString('\n'); err != nil || line != "locked\n" {
		t.Fatalf("the lock holder did not start: %q, %v", line, err)
	}
}

// TestHelperHoldLock is the lock holder holdLock starts; alone it does
// nothing.
func TestHelperHoldLock(t *testing.T) {
	db := os.Getenv("JIEDAO_RELIABILITY_HOLD")
	if db == "" {
		t.Skip("the lock holder of TestBesideALockHolder")
	}
	s := datatest.MustOpenPath(t, db)
	tx := datatest.DB(t, s).Begin() // BEGIN IMMEDIATE: the test connection's _txlock
	if tx.Error != nil {
		t.Fatal(tx.Error)
	}
	if err := tx.Exec("UPDATE settings SET value = value WHERE 0").Error; err != nil {
		t.Fatal(err)
	}
	os.Stdout.WriteString("locked\n")
	_, _ = io.Copy(io.Discard, os.Stdin)
	tx.Rollback()
}
