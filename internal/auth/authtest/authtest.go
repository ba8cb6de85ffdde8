// Package authtest is test support for packages that create agents or sign them in: cheap
// password hashing parameters, so a test's logins cost microseconds instead of a production
// hash's tens of milliseconds and 19 MiB. Only tests import it.
package authtest

import "github.com/kefu-dev/kefu/internal/auth"

// PasswordParams returns argon2id parameters far too weak for real passwords (one pass over
// 64 KiB) and cheap enough for tests that hash many. Package auth's own tests, which cannot
// import this package, keep the same values in testPasswordParams.
func PasswordParams() auth.PasswordParams {
	return auth.PasswordParams{Time: 1, MemoryKiB: 64, Threads: 1}
}
