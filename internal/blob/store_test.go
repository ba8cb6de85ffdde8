package blob

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"testing"
)

func TestDiskPutOpenDelete(t *testing.T) {
	ctx := context.Background()
	d, err := NewDisk(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	content := []byte("hello, 客服")
	obj, err := d.Put(ctx, bytes.NewReader(content), 1024)
	if err != nil {
		t.Fatalf("Put: %v", err)
	}
	if !ValidKey(obj.Key) || obj.Size != int64(len(content)) || !bytes.Equal(obj.Head, content) {
		t.Fatalf("Put() = %+v, want valid key, size %d and head = content", obj, len(content))
	}
	f, err := d.Open(ctx, obj.Key)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	got, _ := io.ReadAll(f)
	f.Close()
	if !bytes.Equal(got, content) {
		t.Errorf("read %q, want %q", got, content)
	}
	if err := d.Delete(ctx, obj.Key); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, err := d.Open(ctx, obj.Key); !errors.Is(err, ErrNotFound) {
		t.Errorf("Open after delete: got %v, want ErrNotFound", err)
	}
}

func TestDiskPutTooLargeLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	d, _ := NewDisk(dir)
	_, err := d.Put(context.Background(), bytes.NewReader(make([]byte, 11)), 10)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("Put(11 bytes, limit 10): got %v, want ErrTooLarge", err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		files, _ := os.ReadDir(dir + "/" + e.Name())
		if len(files) != 0 {
			t.Errorf("directory %s holds %d files after a refused upload, want 0", e.Name(), len(files))
		}
	}
}

func TestOpenRejectsHostileKeys(t *testing.T) {
	d, _ := NewDisk(t.TempDir())
	for _, key := range []string{"", "../../etc/passwd", "ABCDEF0123456789ABCDEF0123456789", "zz"} {
		if _, err := d.Open(context.Background(), key); !errors.Is(err, ErrNotFound) {
			t.Errorf("Open(%q): got %v, want ErrNotFound", key, err)
		}
	}
}

func TestSniff(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	tests := []struct {
		name    string
		head    []byte
		want    string
		allowed bool
	}{
		{"png", png, "image/png", true},
		{"pdf", []byte("%PDF-1.7\n"), "application/pdf", true},
		{"text", []byte("plain words"), "text/plain", true},
		{"html is refused", []byte("<html><script>alert(1)</script>"), "text/html", false},
		{"svg is refused", []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>`), "text/xml", false},
		{"legacy office", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0}, "application/msword", true},
		{"unknown binary", []byte{0, 1, 2, 3, 0xff}, "application/octet-stream", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Sniff(tt.head)
			if got != tt.want || ok != tt.allowed {
				t.Errorf("Sniff() = (%q, %v), want (%q, %v)", got, ok, tt.want, tt.allowed)
			}
		})
	}
}
