package data

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// argonParams are argon2id's costs. A hash carries the parameters it was
// made with, so they can be raised later and old hashes still verify.
type argonParams struct {
	memory  uint32 // KiB
	time    uint32
	threads uint8
}

// passwordParams are OWASP's first argon2id choice (m = 19 MiB, t = 2,
// p = 1): about 50 ms a hash on an office desktop of 2020, which a clerk
// does not notice at login and an attacker with the file pays per guess.
var passwordParams = argonParams{memory: 19 * 1024, time: 2, threads: 1}

// testParams are used in test binaries only (testing.Testing), so that
// the hundreds of tests that open a register with an account do not spend
// 50 ms each on the hash; TestPasswordHashProduction checks the real ones.
var testParams = argonParams{memory: 64, time: 1, threads: 1}

// forceProductionParams makes a test binary hash as production does.
var forceProductionParams bool

func currentParams() argonParams {
	if testing.Testing() && !forceProductionParams {
		return testParams
	}
	return passwordParams
}

const (
	saltLen = 16
	keyLen  = 32
)

// HashPassword hashes pw with argon2id and a 16-byte random salt, in PHC
// form: $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash> (base64 without
// padding).
func HashPassword(pw string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("data: password salt: %w", err)
	}
	p := currentParams()
	key := argon2.IDKey([]byte(pw), salt, p.time, p.memory, p.threads, keyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.memory, p.time, p.threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether pw matches the PHC hash, with the
// parameters the hash names, comparing in constant time. A malformed hash
// matches nothing.
func CheckPassword(hash, pw string) bool {
	p, salt, key, ok := parsePHC(hash)
	if !ok {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, p.time, p.memory, p.threads, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1
}

// parsePHC reads $argon2id$v=19$m=…,t=…,p=…$salt$key.
func parsePHC(h string) (p argonParams, salt, key []byte, ok bool) {
	parts := strings.Split(h, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" || parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return p, nil, nil, false
	}
	for _, kv := range strings.Split(parts[3], ",") {
		k, v, _ := strings.Cut(kv, "=")
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil || n == 0 {
			return p, nil, nil, false
		}
		switch k {
		case "m":
			p.memory = uint32(n)
		case "t":
			p.time = uint32(n)
		case "p":
			if n > 255 {
				return p, nil, nil, false
			}
			p.threads = uint8(n)
		}
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	key, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || p.memory == 0 || p.time == 0 || p.threads == 0 || len(key) < 16 {
		return p, nil, nil, false
	}
	return p, salt, key, true
}

// commonPasswords are refused whatever their length: the first ones a
// guesser tries, and those an office would pick.
var commonPasswords = []string{
	"123456", "1234567", "12345678", "123456789", "1234567890", "password", "password1", "passw0rd",
	"qwerty", "qwerty123", "qwertyuiop", "111111", "11111111", "000000", "00000000", "666666", "66666666",
	"888888", "88888888", "123123", "12341234", "abc123", "abcd1234", "a1234567", "1qaz2wsx", "iloveyou",
	"jiedao", "jiedao123", "jiedao2026", "jiedaotong", "admin", "admin123", "admin888", "administrator",
	"root1234", "woaini1314", "5201314", "147258369", "987654321", "zxcvbnm", "asdfghjk",
}

// MinPasswordLength is the shortest password accepted, in characters.
const MinPasswordLength = 8

// ValidatePassword checks a new password for the account login: at least
// MinPasswordLength characters, not the login (whatever the case), not a
// common password. The error names no password.
func ValidatePassword(login, pw string) error {
	bad := func(key string, args ...any) error {
		m := map[string]any{"Field": "password", "Record": RecordAccount}
		for i := 0; i+1 < len(args); i += 2 {
			m[fmt.Sprint(args[i])] = args[i+1]
		}
		return &Error{Key: key, Args: m}
	}
	switch {
	case utf8.RuneCountInString(pw) < MinPasswordLength:
		return bad(KeyPasswordShort, "Min", MinPasswordLength)
	case strings.EqualFold(strings.TrimSpace(pw), strings.TrimSpace(login)):
		return bad(KeyPasswordIsLogin)
	case slices.Contains(commonPasswords, strings.ToLower(pw)):
		return bad(KeyPasswordCommon)
	}
	return nil
}

// recoveryAlphabet leaves out 0/O and 1/I/L, which a code copied by hand
// from paper confuses.
const recoveryAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// newRecoveryCode is 20 random characters in groups of four
// (ABCD-EFGH-…): about 99 bits.
func newRecoveryCode() (string, error) {
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("data: recovery code: %w", err)
	}
	var sb strings.Builder
	for i, c := range b {
		if i > 0 && i%4 == 0 {
			sb.WriteByte('-')
		}
		// 256 % 31 leaves a bias of under 1 %: negligible at 99 bits.
		sb.WriteByte(recoveryAlphabet[int(c)%len(recoveryAlphabet)])
	}
	return sb.String(), nil
}

// normalizeRecoveryCode accepts the code as typed: any case, with or
// without dashes and spaces.
func normalizeRecoveryCode(code string) string {
	code = strings.ToUpper(code)
	code = strings.NewReplacer("-", "", " ", "").Replace(code)
	var sb strings.Builder
	for i, c := range code {
		if i > 0 && i%4 == 0 {
			sb.WriteByte('-')
		}
		sb.WriteRune(c)
	}
	return sb.String()
}
