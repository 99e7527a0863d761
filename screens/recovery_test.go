package screens

import (
	"context"
	"os/exec"
	"strings"
	"testing"
)

// TestRecoverySheet prints a new recovery code and reads the PDF back:
// the login, the code and how to use it are on the page, and the code
// the sheet carries recovers the account.
func TestRecoverySheet(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	e, s := newTestEnv(t)
	ctx := context.Background()
	code, err := s.NewRecoveryCode(ctx)
	if err != nil {
		t.Fatal(err)
	}
	path, err := WriteRecoverySheet(e, "tester", code)
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v %s", err, out)
	}
	text := strings.ReplaceAll(string(out), " ", "")
	for _, want := range []string{"恢复码", "tester", code, "jiedaouserrecover"} {
		if !strings.Contains(text, want) {
			t.Errorf("the sheet lacks %q:\n%s", want, out)
		}
	}
	if err := s.Recover(ctx, "tester", code, "recovered-passw0rd"); err != nil {
		t.Errorf("the code on the sheet does not recover: %v", err)
	}
}
