//go:build !unix

package realtime

// read reads what the client has sent into the buffer. Without a portable non-blocking read,
// it waits inside net.Conn.Read (see wsread_unix.go for the shallow wait).
func (r *wsReader) read() error { return r.readConn() }
