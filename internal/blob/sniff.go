package blob

import (
	"net/http"
	"strings"
)

// allowedTypes are the sniffed content types kefu accepts as attachments, with whether a
// browser may show them as an image preview. The type comes from the bytes, never from the
// client's claim or file extension.
var allowedTypes = map[string]bool{
	"image/png":                true,
	"image/jpeg":               true,
	"image/gif":                true,
	"image/webp":               true,
	"application/pdf":          false,
	"application/zip":          false, // also docx, xlsx, pptx
	"text/plain":               false,
	"audio/mpeg":               false,
	"application/ogg":          false, // Telegram and WhatsApp voice notes (Opus in Ogg)
	"video/mp4":                false,
	"application/vnd.ms-excel": false,
	"application/msword":       false,
}

// Sniff returns the content type of a blob's first bytes and whether kefu accepts it.
func Sniff(head []byte) (contentType string, allowed bool) {
	ct := http.DetectContentType(head)
	base, _, _ := strings.Cut(ct, ";")
	if base == "application/octet-stream" && isOLE(head) {
		base = "application/msword" // legacy .doc/.xls share the OLE container; one type serves both
	}
	_, ok := allowedTypes[base]
	return base, ok
}

// IsImage reports whether an accepted content type is an image.
func IsImage(contentType string) bool { return allowedTypes[contentType] }

// isOLE recognises the Compound File Binary header of legacy Office documents.
func isOLE(head []byte) bool {
	sig := []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	return len(head) >= len(sig) && string(head[:len(sig)]) == string(sig)
}
