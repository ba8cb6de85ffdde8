package auth

import (
	"strings"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
)

func TestHashAndVerifyPassword(t *testing.T) {
	phc, err := HashPassword("correct horse", testPasswordParams)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(phc, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("got hash %q, want PHC argon2id with the test params", phc)
	}
	tests := []struct {
		name string
		pw   string
		want bool
	}{
		{"right", "correct horse", true},
		{"wrong", "correct horsE", false},
		{"empty", "", false},
		{"prefix", "correct", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := VerifyPassword(phc, tt.pw)
			if err != nil || got != tt.want {
				t.Fatalf("got %v, %v, want %v, nil", got, err, tt.want)
			}
		})
	}
}

func TestHashPasswordSaltsEachHash(t *testing.T) {
	a, _ := HashPassword("same", testPasswordParams)
	b, _ := HashPassword("same", testPasswordParams)
	if a == b {
		t.Fatalf("got two equal hashes %q, want different salts", a)
	}
}

func TestVerifyPasswordReadsParamsFromHash(t *testing.T) {
	phc, err := HashPassword("pw-params", PasswordParams{Time: 2, MemoryKiB: 128, Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := VerifyPassword(phc, "pw-params"); !ok || err != nil {
		t.Fatalf("got %v, %v, want true, nil", ok, err)
	}
}

func TestHashPasswordRejectsZeroParams(t *testing.T) {
	if _, err := HashPassword("x", PasswordParams{}); err == nil {
		t.Fatal("got nil error for zero params, want error")
	}
}

func TestVerifyPasswordMalformed(t *testing.T) {
	good, _ := HashPassword("pw", testPasswordParams)
	parts := strings.Split(good, "$")
	with := func(i int, v string) string {
		p := append([]string(nil), parts...)
		p[i] = v
		return strings.Join(p, "$")
	}
	tests := []struct{ name, phc string }{
		{"empty", ""},
		{"bcrypt", "$2a$10$abcdefghijklmnopqrstuv"},
		{"argon2i", with(1, "argon2i")},
		{"old version", with(2, "v=16")},
		{"version junk", with(2, "v=19x")},
		{"missing param", with(3, "m=64,t=1")},
		{"param order", with(3, "t=1,m=64,p=1")},
		{"trailing param junk", with(3, "m=64,t=1,p=1x")},
		{"zero time", with(3, "m=64,t=0,p=1")},
		{"huge memory", with(3, "m=4294967295,t=1,p=1")},
		{"huge time", with(3, "m=64,t=1000,p=1")},
		{"zero threads", with(3, "m=64,t=1,p=0")},
		{"bad salt", with(4, "!!!")},
		{"short salt", with(4, "YWJj")},
		{"bad hash", with(5, "***")},
		{"short hash", with(5, "YWJjZGVm")},
		{"extra field", good + "$x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, err := VerifyPassword(tt.phc, "pw")
			if err == nil || ok {
				t.Fatalf("got %v, %v, want false and an error", ok, err)
			}
		})
	}
}

func TestValidatePassword(t *testing.T) {
	tests := []struct {
		name string
		pw   string
		msg  string // "" = accepted
	}{
		{"ok", "hunter22-x", ""},
		{"nine", "hunter22x", "password must be at least 10 characters"},
		{"ten cjk runes", "密码密码密码密码密码", ""},
		{"nine cjk runes", "密码密码密码密码密", "password must be at least 10 characters"},
		{"whitespace", "            ", "password must not be only whitespace"},
		{"max bytes", strings.Repeat("a", 256), ""},
		{"over max bytes", strings.Repeat("a", 257), "password must be at most 256 bytes"},
		{"inner spaces", "a b c d e f", ""},
		{"common", "Password123", "password is one of the most common passwords"},
		{"common with spaces", "  qwertyuiop ", "password is one of the most common passwords"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkPolicyError(t, ValidatePassword(tt.pw), tt.msg)
		})
	}
}

func TestPasswordPolicy(t *testing.T) {
	tests := []struct {
		name, pw, email string
		min             int
		msg             string
	}{
		{"configured minimum", "abcdefghijk", "", 12, "password must be at least 12 characters"},
		{"minimum met", "abcdefghijkl", "", 12, ""},
		{"minimum below 8 means the default", "abcdefghi", "", 4, "password must be at least 10 characters"},
		{"e-mail", "Ann.Lee@Example.com", "ann.lee@example.com", 0, "password must not be the e-mail address"},
		{"local part", "ANN.LEE.SUPPORT", "ann.lee.support@example.com", 0, "password must not be the e-mail address"},
		{"other e-mail", "bob.smith@example.com", "ann.lee@example.com", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkPolicyError(t, PasswordPolicy{MinLength: tt.min}.Check(tt.pw, tt.email), tt.msg)
		})
	}
}

// checkPolicyError wants err nil when msg is "", else invalid_input on field password with msg.
func checkPolicyError(t *testing.T, err error, msg string) {
	t.Helper()
	if msg == "" {
		if err != nil {
			t.Fatalf("got %v, want nil", err)
		}
		return
	}
	var ke *kefu.Error
	if !asKefu(err, &ke) || ke.Code != kefu.CodeInvalid || ke.Field != "password" || ke.Message != msg {
		t.Fatalf("got %v, want invalid_input on field password: %q", err, msg)
	}
}

func TestPasswordPolicyAtLeast(t *testing.T) {
	tests := []struct{ server, org, want int }{
		{0, 0, DefaultPasswordMinLength},
		{0, 8, DefaultPasswordMinLength}, // an organisation never lowers the server's minimum
		{0, 16, 16},
		{12, 10, 12},
		{12, 20, 20},
	}
	for _, tt := range tests {
		if got := (PasswordPolicy{MinLength: tt.server}).AtLeast(tt.org).minLength(); got != tt.want {
			t.Errorf("server %d, org %d: got %d, want %d", tt.server, tt.org, got, tt.want)
		}
	}
}
