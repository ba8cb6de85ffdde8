package main

import (
	"os"
	"runtime/pprof"
	"testing"
	"time"
)

func dumpLater(t *testing.T) {
	timer := time.AfterFunc(3*time.Second, func() {
		f, _ := os.Create("/tmp/gdump.txt")
		pprof.Lookup("goroutine").WriteTo(f, 2)
		f.Close()
	})
	_ = timer
}
