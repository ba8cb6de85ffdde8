//go:build unix

package realtime

import (
	"io"
	"os"
	"syscall"
)

// read reads what the client has sent into the buffer. On a socket it waits through
// syscall.RawConn: the wait parks only a few frames below the reader goroutine's loop, and
// with nothing buffered the buffer goes back to the pool before parking (see wsReader).
// RawConn.Read honours the read deadline like net.Conn.Read.
func (r *wsReader) read() error {
	sc, ok := r.nc.(syscall.Conn)
	if !ok {
		return r.readConn()
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return err
	}
	var n int
	var rerr error
	err = rc.Read(func(fd uintptr) bool {
		r.take()
		for { // read(2), again when a signal interrupted it
			n, rerr = syscall.Read(int(fd), (*r.buf)[r.w:])
			if rerr != syscall.EINTR {
				break
			}
		}
		if rerr == syscall.EAGAIN {
			if r.w == 0 {
				r.release()
			}
			return false // not readable yet: park until it is
		}
		return true
	})
	switch {
	case err != nil:
		return err
	case rerr != nil:
		return os.NewSyscallError("read", rerr)
	case n == 0:
		return io.EOF
	}
	r.w += n
	return nil
}
