// Package walvfstest measures what walvfs exists to save, for the tests of walvfs and of the
// store that chooses it: the write system calls a commit makes.
package walvfstest

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// WriteSyscalls reads how many write system calls this process has made, skipping the test
// where /proc/self/io does not say (outside Linux). The count is process-wide, so callers must
// not run in parallel with other tests.
func WriteSyscalls(t testing.TB) int64 {
	t.Helper()
	b, err := os.ReadFile("/proc/self/io")
	if err != nil {
		t.Skipf("no /proc/self/io: %v", err)
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, "syscw: "); ok {
			var n int64
			fmt.Sscan(v, &n)
			return n
		}
	}
	t.Skip("no syscw in /proc/self/io")
	return 0
}
