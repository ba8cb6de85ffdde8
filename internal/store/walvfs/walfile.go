package walvfs

import (
	"sync"
	"unsafe"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

// walFile is the buffer of one open WAL file: bytes SQLite wrote at off and onwards that have
// not reached the file yet, through the connection whose thread state is owner (modernc gives
// each connection one; SQLite passes it to every method it calls for that connection).
type walFile struct {
	mu    sync.Mutex
	off   int64
	buf   []byte
	owner *libc.TLS
}

func walOf(pFile uintptr) *walFile {
	f, _ := files.Load(pFile)
	return f.(*walFile)
}

// walWrite takes a write into the buffer when it continues the buffered bytes (as SQLite's
// frame headers and pages do); any other write first writes the buffer out.
func walWrite(tls *libc.TLS, pFile, pBuf uintptr, amt int32, off int64) int32 {
	w := walOf(pFile)
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.buf) > 0 && (off != w.off+int64(len(w.buf)) || len(w.buf)+int(amt) > maxBuffered) {
		if rc := w.flushLocked(tls, pFile); rc != sqlite3.SQLITE_OK {
			return rc
		}
	}
	if len(w.buf) == 0 {
		w.off, w.owner = off, tls
		buffering.Add(1)
	}
	w.buf = append(w.buf, unsafe.Slice((*byte)(cptr(pBuf)), amt)...)
	return sqlite3.SQLITE_OK
}

// flushLocked writes the buffer to the file, in as few writes as the default VFS takes. On
// failure the buffered bytes are dropped: SQLite has the error, fails the transaction and never
// counts those frames.
func (w *walFile) flushLocked(tls *libc.TLS, pFile uintptr) int32 {
	if len(w.buf) == 0 {
		return sqlite3.SQLITE_OK
	}
	rc := int32(sqlite3.SQLITE_OK)
	for done := 0; done < len(w.buf) && rc == sqlite3.SQLITE_OK; done += maxWrite {
		n := min(maxWrite, len(w.buf)-done)
		rc = callWrite(walOrig().FxWrite, tls, pFile, uintptr(unsafe.Pointer(&w.buf[done])), int32(n), w.off+int64(done))
	}
	w.buf = w.buf[:0]
	buffering.Add(-1)
	return rc
}

func (w *walFile) flush(tls *libc.TLS, pFile uintptr) int32 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.flushLocked(tls, pFile)
}

// The remaining methods write the buffer out first, so that the file is what SQLite believes it
// wrote before it is read, synced, measured, resized, controlled or closed.

func walRead(tls *libc.TLS, pFile, pBuf uintptr, amt int32, off int64) int32 {
	if rc := walOf(pFile).flush(tls, pFile); rc != sqlite3.SQLITE_OK {
		return rc
	}
	return callRead(walOrig().FxRead, tls, pFile, pBuf, amt, off)
}

func walSync(tls *libc.TLS, pFile uintptr, flags int32) int32 {
	if rc := walOf(pFile).flush(tls, pFile); rc != sqlite3.SQLITE_OK {
		return rc
	}
	return callSync(walOrig().FxSync, tls, pFile, flags)
}

func walTruncate(tls *libc.TLS, pFile uintptr, size int64) int32 {
	if rc := walOf(pFile).flush(tls, pFile); rc != sqlite3.SQLITE_OK {
		return rc
	}
	return callTruncate(walOrig().FxTruncate, tls, pFile, size)
}

func walFileSize(tls *libc.TLS, pFile, pSize uintptr) int32 {
	if rc := walOf(pFile).flush(tls, pFile); rc != sqlite3.SQLITE_OK {
		return rc
	}
	return callFileSize(walOrig().FxFileSize, tls, pFile, pSize)
}

func walFileControl(tls *libc.TLS, pFile uintptr, op int32, pArg uintptr) int32 {
	if rc := walOf(pFile).flush(tls, pFile); rc != sqlite3.SQLITE_OK {
		return rc
	}
	return callFileControl(walOrig().FxFileControl, tls, pFile, op, pArg)
}

func walClose(tls *libc.TLS, pFile uintptr) int32 {
	rc := walOf(pFile).flush(tls, pFile)
	files.Delete(pFile)
	if crc := callClose(walOrig().FxClose, tls, pFile); rc == sqlite3.SQLITE_OK {
		rc = crc
	}
	return rc
}

// dbShmBarrier writes out what the connection passing the barrier has buffered. A writer
// passes it between the two copies of the wal-index header it updates to publish a commit, so
// no reader can see a commit whose frames are still in a buffer, whatever the synchronous
// setting. Under FULL, which kefu uses, the commit's sync has written them already, and a failed
// write failed the commit. Under a weaker setting a write that fails here (a full disk) cannot
// be reported, since a barrier returns nothing, and readers would see a commit whose frames are
// missing: walvfs is only for databases synced at every commit. Other connections' buffers
// are left alone: SQLite uses a file from one connection at a time, and so does this package.
func dbShmBarrier(tls *libc.TLS, pFile uintptr) {
	if buffering.Load() > 0 {
		files.Range(func(k, v any) bool {
			if w := v.(*walFile); w.ownedBy(tls) {
				w.flush(tls, k.(uintptr))
			}
			return true
		})
	}
	callBarrier(dbOrig().FxShmBarrier, tls, pFile)
}

func (w *walFile) ownedBy(tls *libc.TLS) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.buf) > 0 && w.owner == tls
}
