package conversation

import (
	"bufio"
	"context"
	"image"
	_ "image/gif" // registers the GIF header reader for image.DecodeConfig
	_ "image/jpeg"
	_ "image/png"
	"io"

	"github.com/kefu-dev/kefu/internal/blob"
)

// maxImageHeader bounds how far into a file its size is looked for: a JPEG's size follows its
// metadata (EXIF, colour profiles), which rarely passes a few dozen KiB.
const maxImageHeader = 256 << 10

// imageSize reads the pixel size of an uploaded image from its header only, never decoding
// pixels; 0, 0 when it is not an image or its header cannot be read (WebP has no decoder in
// the standard library), which clients handle by sizing the image once it loads.
func (s *Service) imageSize(ctx context.Context, key, contentType string) (width, height int) {
	if !blob.IsImage(contentType) {
		return 0, 0
	}
	f, err := s.blobs.Open(ctx, key)
	if err != nil {
		return 0, 0
	}
	defer f.Close()
	cfg, _, err := image.DecodeConfig(bufio.NewReader(io.LimitReader(f, maxImageHeader)))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
		return 0, 0
	}
	return cfg.Width, cfg.Height
}
