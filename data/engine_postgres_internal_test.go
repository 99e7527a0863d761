package data

import (
	"errors"
	"fmt"
	"net"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// TestServerErrorKeys: what the server or the way to it says becomes the
// user's message, without a server (make test-pg connects to a real one
// for the same cases); what it is not about passes through.
func TestServerErrorKeys(t *testing.T) {
	pg := func(code, msg string) error {
		return fmt.Errorf("connect: %w", &pgconn.PgError{Code: code, Message: msg})
	}
	for _, tc := range []struct {
		err  error
		want string
	}{
		{pg("28P01", "password authentication failed for user \"zhang\""), KeyServerAuth},
		{pg("28000", "no pg_hba.conf entry for host \"10.0.0.7\", user \"zhang\", database \"jiedao\", no encryption"), KeyServerTLS},
		{pg("28000", "role \"zhang\" does not exist"), KeyServerAuth},
		{pg("3D000", "database \"jiedao\" does not exist"), KeyServerNoDatabase},
		{pg("55P03", "canceling statement due to lock timeout"), KeyServerBusy},
		{pg("57P03", "the database system is starting up"), KeyServerUnreachable},
		{pg("23505", "duplicate key"), ""},
		{&net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}, KeyServerUnreachable},
		{errors.New("server refused TLS connection"), KeyServerTLS},
		{errors.New("something else"), ""},
	} {
		if got := serverErrorKey(tc.err); got != tc.want {
			t.Errorf("%v: %q, want %q", tc.err, got, tc.want)
		}
	}
	d := postgresDialect{info: serverInfo{server: "h:5432", database: "jiedao", user: "zhang", loc: "postgres://zhang:***@h/jiedao"}}
	de := d.classify(pg("28P01", "x"))
	if !errors.Is(de, &Error{Key: KeyServerAuth}) || de.Args["Server"] != "h:5432" || de.Args["User"] != "zhang" {
		t.Errorf("classify: %+v", de)
	}
	if !errors.Is(d.classify(pg("55P03", "x")), ErrInUse) {
		t.Error("a lock timeout on the server is not ErrInUse")
	}
	if d.classify(errors.New("other")) != nil {
		t.Error("an unknown error was classified")
	}
}

// TestServerDSN: the store's connections get a lock timeout, a connect
// timeout and their name, unless the URL sets them.
func TestServerDSN(t *testing.T) {
	got := serverDSN("postgres://u@h/x?sslmode=require&lock_timeout=2000", defaultBusyTimeout)
	for _, want := range []string{"lock_timeout=2000", "connect_timeout=10", "application_name=jiedao", "sslmode=require"} {
		if !contains(got, want) {
			t.Errorf("serverDSN = %s, want %s in it", got, want)
		}
	}
}
