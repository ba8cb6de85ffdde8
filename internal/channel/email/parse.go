package email

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	_ "github.com/emersion/go-message/charset" // GBK, GB18030, Big5, ISO-2022-JP and the rest
	"github.com/emersion/go-message/mail"
)

// maxParts bounds the parts one mail may have, so a hostile mail cannot make kefu walk
// thousands of them.
const maxParts = 64

// parsed is an inbound mail, decoded to UTF-8.
type parsed struct {
	Header     mail.Header
	MessageID  string // without brackets; "" when the mail has none
	From       *mail.Address
	Subject    string
	InReplyTo  []string
	References []string
	Recipients []string // To, Cc, Delivered-To and X-Original-To addresses, lower case
	Date       time.Time
	Text, HTML string
	Files      []file
}

// file is an attachment or an inline image, read whole (the mail's size is bounded).
type file struct {
	Name string
	Data []byte
}

// parse decodes one RFC 5322 message. Text parts are converted to UTF-8 from their charset;
// a part in a charset kefu does not know is kept as given rather than failing the mail.
func parse(r io.Reader) (*parsed, error) {
	mr, err := mail.CreateReader(r)
	if err != nil && mr == nil {
		return nil, fmt.Errorf("email: unreadable message: %w", err)
	}
	defer mr.Close()
	p := &parsed{Header: mr.Header}
	p.readHeader()
	for i := 0; i < maxParts; i++ {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil && part == nil {
			return p, nil // a broken tail: keep what was read
		}
		p.readPart(part, i)
	}
	return p, nil
}

// readHeader takes the addressing and threading headers. Malformed ones are left empty.
func (p *parsed) readHeader() {
	h := p.Header
	p.MessageID, _ = h.MessageID()
	if from, _ := h.AddressList("From"); len(from) > 0 {
		p.From = from[0]
		p.From.Address = strings.ToLower(p.From.Address)
	}
	p.Subject, _ = h.Subject()
	p.InReplyTo, _ = h.MsgIDList("In-Reply-To")
	p.References, _ = h.MsgIDList("References")
	p.Date, _ = h.Date()
	for _, k := range []string{"Delivered-To", "X-Original-To", "To", "Cc"} {
		list, _ := h.AddressList(k)
		for _, a := range list {
			p.Recipients = append(p.Recipients, strings.ToLower(a.Address))
		}
	}
}

// readPart keeps the first text/plain and text/html bodies and every other part as a file.
func (p *parsed) readPart(part *mail.Part, i int) {
	data, err := io.ReadAll(part.Body)
	if err != nil && len(data) == 0 {
		return
	}
	switch h := part.Header.(type) {
	case *mail.InlineHeader:
		ct, _, _ := h.ContentType()
		switch {
		case ct == "text/plain" && p.Text == "":
			p.Text = string(data)
			return
		case ct == "text/html" && p.HTML == "":
			p.HTML = string(data)
			return
		case strings.HasPrefix(ct, "text/"):
			return
		}
		p.Files = append(p.Files, file{Name: inlineName(h, ct, i), Data: data})
	case *mail.AttachmentHeader:
		name, _ := h.Filename()
		if name == "" {
			name = fmt.Sprintf("attachment-%d", i+1)
		}
		p.Files = append(p.Files, file{Name: name, Data: data})
	}
}

// inlineName names an inline part (an embedded image) that carries no file name.
func inlineName(h *mail.InlineHeader, ct string, i int) string {
	if _, params, err := h.ContentType(); err == nil && params["name"] != "" {
		return params["name"]
	}
	_, sub, _ := strings.Cut(ct, "/")
	return fmt.Sprintf("inline-%d.%s", i+1, sub)
}
