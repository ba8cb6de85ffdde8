package apichannel

import (
	"bytes"
	"context"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"strings"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// A multipart request carries the message as JSON in its "payload" part and files in "file"
// parts; the signature covers the whole raw body, as for JSON.
const (
	partPayload = "payload"
	partFile    = "file"
)

// upload is a file that came in a multipart request.
type upload struct {
	name string
	data []byte
}

// parseRequest decodes a verified body by its content type: JSON, or multipart with files.
func parseRequest(contentType string, body []byte) (*APIInbound, []upload, error) {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil || mt != "multipart/form-data" {
		if len(body) > MaxBodyBytes {
			return nil, nil, kefu.Errorf(kefu.CodeTooLarge, "a JSON request body is at most 1 MiB; send files as multipart/form-data or by URL")
		}
		b, err := parseBody(body, false)
		return b, nil, err
	}
	return parseMultipart(body, params["boundary"])
}

// parseMultipart reads the payload part and the file parts; any other part is an error, so a
// misspelt name is not silently dropped.
func parseMultipart(body []byte, boundary string) (*APIInbound, []upload, error) {
	if boundary == "" {
		return nil, nil, kefu.Errorf(kefu.CodeMalformed, "multipart/form-data needs a boundary")
	}
	r := multipart.NewReader(bytes.NewReader(body), boundary)
	var (
		payload []byte
		files   []upload
	)
	for {
		p, err := r.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, kefu.Errorf(kefu.CodeMalformed, "the multipart body does not parse")
		}
		if payload, files, err = readPart(p, payload, files); err != nil {
			return nil, nil, err
		}
	}
	return finishMultipart(payload, files)
}

// readPart adds one part to what was read so far.
func readPart(p *multipart.Part, payload []byte, files []upload) ([]byte, []upload, error) {
	defer p.Close()
	data, err := io.ReadAll(p)
	if err != nil {
		return nil, nil, kefu.Errorf(kefu.CodeMalformed, "the multipart body does not parse")
	}
	switch p.FormName() {
	case partPayload:
		if payload != nil {
			return nil, nil, kefu.FieldError(partPayload, "one payload part only")
		}
		return data, files, nil
	case partFile:
		name := strings.TrimSpace(p.FileName())
		if name == "" {
			name = "file"
		}
		return payload, append(files, upload{name: name, data: data}), nil
	}
	return nil, nil, kefu.FieldError(p.FormName(), "unknown part %q: a multipart request has a payload part and file parts", p.FormName())
}

// finishMultipart checks the payload and counts files with URL attachments together.
func finishMultipart(payload []byte, files []upload) (*APIInbound, []upload, error) {
	if payload == nil {
		return nil, nil, kefu.FieldError(partPayload, "a multipart request needs a payload part with the message as JSON")
	}
	if len(payload) > MaxBodyBytes {
		return nil, nil, kefu.Errorf(kefu.CodeTooLarge, "the payload part is at most 1 MiB")
	}
	b, err := parseBody(payload, len(files) > 0)
	if err != nil {
		return nil, nil, err
	}
	if len(files)+len(b.Message.Attachments) > kefu.MaxAttachments {
		return nil, nil, kefu.FieldError("file", "at most %d attachments, files and URLs together", kefu.MaxAttachments)
	}
	return b, files, nil
}

// opener returns the Open of an uploaded file.
func opener(data []byte) func(context.Context) (io.ReadCloser, error) {
	return func(context.Context) (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }
}
