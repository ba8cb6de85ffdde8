package walvfs

import (
	"unsafe"

	"modernc.org/libc"
)

// SQLite as translated to Go by modernc stores a C function pointer as a uintptr holding a Go
// func value. cfunc makes one of a top-level function (whose func value is static, so the
// garbage collector need not see the uintptr), and the call* helpers call one.

func cfunc[F any](f F) uintptr { return *(*uintptr)(unsafe.Pointer(&f)) }

// cptr turns an address SQLite handed over (C memory, or a Go global) into a pointer.
func cptr(p uintptr) unsafe.Pointer { return unsafe.Add(nil, p) }

func callOpen(fp uintptr, tls *libc.TLS, pVfs, zName, pFile uintptr, flags int32, pOutFlags uintptr) int32 {
	return (*(*func(*libc.TLS, uintptr, uintptr, uintptr, int32, uintptr) int32)(unsafe.Pointer(&fp)))(tls, pVfs, zName, pFile, flags, pOutFlags)
}

func callWrite(fp uintptr, tls *libc.TLS, pFile, pBuf uintptr, amt int32, off int64) int32 {
	return (*(*func(*libc.TLS, uintptr, uintptr, int32, int64) int32)(unsafe.Pointer(&fp)))(tls, pFile, pBuf, amt, off)
}

func callRead(fp uintptr, tls *libc.TLS, pFile, pBuf uintptr, amt int32, off int64) int32 {
	return (*(*func(*libc.TLS, uintptr, uintptr, int32, int64) int32)(unsafe.Pointer(&fp)))(tls, pFile, pBuf, amt, off)
}

func callSync(fp uintptr, tls *libc.TLS, pFile uintptr, flags int32) int32 {
	return (*(*func(*libc.TLS, uintptr, int32) int32)(unsafe.Pointer(&fp)))(tls, pFile, flags)
}

func callTruncate(fp uintptr, tls *libc.TLS, pFile uintptr, size int64) int32 {
	return (*(*func(*libc.TLS, uintptr, int64) int32)(unsafe.Pointer(&fp)))(tls, pFile, size)
}

func callFileSize(fp uintptr, tls *libc.TLS, pFile, pSize uintptr) int32 {
	return (*(*func(*libc.TLS, uintptr, uintptr) int32)(unsafe.Pointer(&fp)))(tls, pFile, pSize)
}

func callFileControl(fp uintptr, tls *libc.TLS, pFile uintptr, op int32, pArg uintptr) int32 {
	return (*(*func(*libc.TLS, uintptr, int32, uintptr) int32)(unsafe.Pointer(&fp)))(tls, pFile, op, pArg)
}

func callClose(fp uintptr, tls *libc.TLS, pFile uintptr) int32 {
	return (*(*func(*libc.TLS, uintptr) int32)(unsafe.Pointer(&fp)))(tls, pFile)
}

func callBarrier(fp uintptr, tls *libc.TLS, pFile uintptr) {
	(*(*func(*libc.TLS, uintptr))(unsafe.Pointer(&fp)))(tls, pFile)
}
