package main

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/pprof"
	"time"
)

// startDebug serves Go's pprof profiles on Config.DebugAddr, a listener of its own so that the
// public address never exposes them. It does nothing when DebugAddr is empty.
func (m *Main) startDebug() error {
	if m.Config.DebugAddr == "" {
		return nil
	}
	ln, err := net.Listen("tcp", m.Config.DebugAddr)
	if err != nil {
		return fmt.Errorf("listen on debug_addr %s: %w", m.Config.DebugAddr, err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	m.debugSrv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	m.debugAddr = ln.Addr()
	m.Logger.Warn("serving pprof profiles without authentication", "debug_addr", ln.Addr().String())
	m.workers.Go(func() error {
		if err := m.debugSrv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	})
	return nil
}
