package data

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// restoreChildEnv tells the test binary, run again by TestRestoreKilled,
// to be the restore that gets killed: "dbPath\nbackup\nstep".
const restoreChildEnv = "JIEDAO_TEST_RESTORE_CHILD"

// runChild runs this test binary again as the test named, with env set,
// until it prints a line starting with one of until; then, after wait,
// kills it (kill -9) and returns that line ("" if it ended first).
func runChild(t *testing.T, test, env string, wait time.Duration, until ...string) string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$")
	cmd.Env = append(os.Environ(), env)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}()
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		for _, u := range until {
			if strings.HasPrefix(sc.Text(), u) {
				time.Sleep(wait)
				return sc.Text()
			}
		}
	}
	return ""
}

// TestRestoreChild is the killed restore: it restores, says when it has
// reached the step, and waits there to be killed.
func TestRestoreChild(t *testing.T) {
	arg := os.Getenv(restoreChildEnv)
	if arg == "" {
		t.Skip("run by TestRestoreKilled")
	}
	parts := strings.Split(arg, "\n")
	fmt.Println("START")
	_, err := restoreFile(context.Background(), parts[0], parts[1], testClock.Add(time.Hour), "", func(step string) error {
		if step == parts[2] {
			fmt.Println("AT " + step)
			time.Sleep(time.Minute)
		}
		return nil
	})
	fmt.Println("DONE", err)
}

// TestRestoreKilled kills a restore (kill -9) as it reaches each step:
// the database is then the old one without a restore entry or the new one
// with it, its chain intact, and the next restore succeeds.
func TestRestoreKilled(t *testing.T) {
	if testing.Short() || runtime.GOOS == "windows" {
		t.Skip("kills a subprocess")
	}
	steps := []string{restoreChecked, restoreSaved, restoreCopied, restoreOpened, restoreCarried,
		restoreRecorded, restoreClosed, restoreCleared, restoreReplaced}
	for _, step := range steps {
		t.Run(step, func(t *testing.T) {
			dbPath, backup := restoreSetup(t)
			env := restoreChildEnv + "=" + dbPath + "\n" + backup + "\n" + step
			if runChild(t, "TestRestoreChild", env, 0, "AT "+step) == "" {
				t.Fatalf("the child never reached %s", step)
			}
			numbers, trail, verr := trailOf(t, dbPath)
			if verr != nil {
				t.Fatalf("chain: %v", verr)
			}
			restored := trail[len(trail)-1].Action == ActionRestoreFile
			switch {
			case restored && !slices.Equal(numbers, []string{"H1"}),
				!restored && !slices.Equal(numbers, []string{"H1", "H2"}),
				restored != (step == restoreReplaced):
				t.Errorf("killed at %s: households %v, trail %v", step, numbers, actionsOf(trail))
			}
			if _, err := RestoreFileAs(context.Background(), testPermit(dbPath), backup, testClock.Add(2*time.Hour)); err != nil {
				t.Fatalf("the next restore: %v", err)
			}
			if _, trail, verr := trailOf(t, dbPath); verr != nil || trail[len(trail)-1].Action != ActionRestoreFile {
				t.Errorf("the next restore: %v, %v", actionsOf(trail), verr)
			}
		})
	}
}

// TestRestoreKilledAnytime kills restores at moments spread over the time
// one takes, not only between steps.
func TestRestoreKilledAnytime(t *testing.T) {
	if testing.Short() || runtime.GOOS == "windows" {
		t.Skip("kills a subprocess")
	}
	var restored, old int
	for i := range 24 {
		delay := time.Duration(i) * 3 * time.Millisecond
		dbPath, backup := restoreSetup(t)
		runChild(t, "TestRestoreChild", restoreChildEnv+"="+dbPath+"\n"+backup+"\nnone", delay, "START")
		numbers, trail, verr := trailOf(t, dbPath)
		if verr != nil {
			t.Fatalf("killed after %v: chain: %v", delay, verr)
		}
		switch last := trail[len(trail)-1].Action == ActionRestoreFile; {
		case last && slices.Equal(numbers, []string{"H1"}):
			restored++
		case !last && slices.Equal(numbers, []string{"H1", "H2"}):
			old++
		default:
			t.Errorf("killed after %v: households %v, trail %v", delay, numbers, actionsOf(trail))
		}
	}
	t.Logf("%d restored, %d old", restored, old)
}

// writerChildEnv tells the test binary, run again by
// TestVerifyAfterKill, to write to the database it names and wait.
const writerChildEnv = "JIEDAO_TEST_WRITER_CHILD"

// TestWriterChild writes three households and waits to be killed.
func TestWriterChild(t *testing.T) {
	path := os.Getenv(writerChildEnv)
	if path == "" {
		t.Skip("run by TestVerifyAfterKill")
	}
	s, err := open(path, options{})
	if err != nil {
		fmt.Println("ERROR", err)
		return
	}
	s = asTester(t, s)
	for i := range 3 {
		if err := s.Create(context.Background(), &Household{Number: fmt.Sprintf("K%d", i)}); err != nil {
			fmt.Println("ERROR", err)
			return
		}
	}
	fmt.Println("READY")
	time.Sleep(time.Minute)
}

// TestVerifyAfterKill: `jiedao audit verify` reads a database whose
// writer was killed, its WAL not folded in, without opening it for
// writing.
func TestVerifyAfterKill(t *testing.T) {
	if testing.Short() || runtime.GOOS == "windows" {
		t.Skip("kills a subprocess")
	}
	path := t.TempDir() + "/jiedao.db"
	if line := runChild(t, "TestWriterChild", writerChildEnv+"="+path, 0, "READY", "ERROR"); line != "READY" {
		t.Fatalf("the writer said %q", line)
	}
	if !exists(path + "-wal") {
		t.Log("no WAL left by the killed writer")
	}
	got, err := VerifyAuditFile(context.Background(), path)
	if err != nil || got.Entries != 3 {
		t.Fatalf("VerifyAuditFile = %+v, %v", got, err)
	}
}
