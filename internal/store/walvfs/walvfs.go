package walvfs

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"unsafe"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

// Name is the VFS's name, for the DSN's vfs parameter.
const Name = "kefu-wal"

// maxBuffered bounds a log's buffer: a write that would take it past this writes it out first, so
// a larger transaction goes to the file as it is written.
const maxBuffered = 1 << 20

// maxWrite is the most the default VFS writes in one call: os_unix.c cuts a larger amount to
// its low 17 bits (SQLite itself never writes more than a 64 KiB page and its header).
const maxWrite = 0x1ffff

var (
	registerOnce sync.Once
	registerErr  error

	// files maps an open WAL file (its sqlite3_file address) to its buffer.
	files sync.Map
	// buffering counts the files holding unwritten bytes, so that the barrier every reader
	// passes costs one atomic load when there is nothing to write.
	buffering atomic.Int32

	// The method tables of wrapped files: the default VFS's own, with a few entries replaced.
	// They live in Go globals, which never move and are never freed, as SQLite requires.
	vfs        sqlite3.Tsqlite3_vfs
	walMethods sqlite3.Tsqlite3_io_methods
	dbMethods  sqlite3.Tsqlite3_io_methods
	methodsMu  sync.Mutex
	walBase    uintptr // the io methods the default VFS gives WAL files; 0 until the first
	dbBase     uintptr // the io methods the default VFS gives database files; 0 until the first
	base       uintptr // the default VFS
)

// Register registers the VFS under Name (once per process) and returns Name.
func Register() (string, error) {
	registerOnce.Do(func() { registerErr = register() })
	return Name, registerErr
}

func register() error {
	tls := libc.NewTLS()
	defer tls.Close()
	base = sqlite3.Xsqlite3_vfs_find(tls, 0)
	if base == 0 {
		return errors.New("walvfs: sqlite has no default vfs")
	}
	vfs = *(*sqlite3.Tsqlite3_vfs)(cptr(base))
	name, err := libc.CString(Name) // kept for the life of the process, as the VFS is
	if err != nil {
		return fmt.Errorf("walvfs: %w", err)
	}
	vfs.FzName, vfs.FpNext = name, 0
	vfs.FxOpen = cfunc(xOpen)
	if rc := sqlite3.Xsqlite3_vfs_register(tls, uintptr(unsafe.Pointer(&vfs)), 0); rc != sqlite3.SQLITE_OK {
		return fmt.Errorf("walvfs: register: sqlite error %d", rc)
	}
	return nil
}

// xOpen opens the file with the default VFS, then gives a WAL file the buffering methods and a
// database file the barrier that writes its connection's buffer out; other files (journals,
// temporary files) keep the default methods.
func xOpen(tls *libc.TLS, pVfs, zName, pFile uintptr, flags int32, pOutFlags uintptr) int32 {
	baseVFS := (*sqlite3.Tsqlite3_vfs)(cptr(base))
	rc := callOpen(baseVFS.FxOpen, tls, base, zName, pFile, flags, pOutFlags)
	file := (*sqlite3.Tsqlite3_file)(cptr(pFile))
	if rc != sqlite3.SQLITE_OK || file.FpMethods == 0 {
		return rc
	}
	switch {
	case flags&sqlite3.SQLITE_OPEN_WAL != 0:
		if table, ok := wrapped(&walBase, file.FpMethods, &walMethods, wrapWAL); ok {
			files.Store(pFile, &walFile{})
			file.FpMethods = table
		}
	case flags&sqlite3.SQLITE_OPEN_MAIN_DB != 0:
		if table, ok := wrapped(&dbBase, file.FpMethods, &dbMethods, wrapDB); ok {
			file.FpMethods = table
		}
	}
	return rc
}

// wrapped returns the wrapped method table for a file the default VFS opened with methods m:
// on the first call it copies m into table and lets wrap replace some entries. The default VFS
// gives every file of a kind the same table (WAL files one without locks, database files one
// with); should it ever give another, that file is left unwrapped.
func wrapped(first *uintptr, m uintptr, table *sqlite3.Tsqlite3_io_methods, wrap func(*sqlite3.Tsqlite3_io_methods)) (uintptr, bool) {
	methodsMu.Lock()
	defer methodsMu.Unlock()
	if *first == 0 {
		*first = m
		*table = *(*sqlite3.Tsqlite3_io_methods)(cptr(m))
		wrap(table)
	}
	return uintptr(unsafe.Pointer(table)), m == *first
}

func wrapWAL(t *sqlite3.Tsqlite3_io_methods) {
	t.FxClose = cfunc(walClose)
	t.FxRead = cfunc(walRead)
	t.FxWrite = cfunc(walWrite)
	t.FxTruncate = cfunc(walTruncate)
	t.FxSync = cfunc(walSync)
	t.FxFileSize = cfunc(walFileSize)
	t.FxFileControl = cfunc(walFileControl)
}

func wrapDB(t *sqlite3.Tsqlite3_io_methods) {
	t.FxShmBarrier = cfunc(dbShmBarrier)
}

// walOrig and dbOrig are the default VFS's method tables for WAL and database files; each is
// set before a file of its kind is wrapped.
func walOrig() *sqlite3.Tsqlite3_io_methods { return (*sqlite3.Tsqlite3_io_methods)(cptr(walBase)) }
func dbOrig() *sqlite3.Tsqlite3_io_methods  { return (*sqlite3.Tsqlite3_io_methods)(cptr(dbBase)) }
