package cli

import (
	"os"
	"strings"
	"testing"
)

// TestDBURL: --db takes the office server's URL; one that cannot be
// reached is said so, and one that is no kind of location Jiedao knows is
// refused; neither makes anything where the command runs (a "postgres:"
// folder with a new database file in it, before).
func TestDBURL(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, tc := range []struct{ db, want string }{
		// Port 1 on loopback: refused at once, no server there.
		{"postgres://u@127.0.0.1:1/x?sslmode=disable", "连接不上单位服务器 127.0.0.1:1"},
		{"mysql://u@h:3306/x", "无法识别数据库位置“mysql://u@h:3306/x”"},
		{"postgres://u:secret@h", "单位服务器地址“postgres://u:***@h”不完整"},
	} {
		code, _, stderr := jiedao(t, "backup", "--db", tc.db, "--lang", "zh")
		if code != exitFail || !strings.Contains(stderr, tc.want) {
			t.Errorf("--db %s: exit %d, %q; want exit %d and %q", tc.db, code, stderr, exitFail, tc.want)
		}
		if strings.Contains(stderr, "secret") {
			t.Errorf("--db %s: the password is shown: %s", tc.db, stderr)
		}
	}
	t.Setenv("JIEDAO_DB", "postgres://u@127.0.0.1:1/x?sslmode=disable")
	if code, _, stderr := jiedao(t, "backup"); code != exitFail || !strings.Contains(stderr, "127.0.0.1:1") {
		t.Errorf("JIEDAO_DB=URL: exit %d, %q", code, stderr)
	}
	if entries, _ := os.ReadDir("."); len(entries) != 0 {
		t.Errorf("left %v in the working folder", entries)
	}
}
