package wxcrypto

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Envelope is the outer body of an encrypted callback: whom it is for and the ciphertext.
// WeCom's XML envelope also carries AgentID, which kefu does not need.
type Envelope struct {
	ToUserName string `xml:"ToUserName" json:"ToUserName"`
	Encrypt    string `xml:"Encrypt" json:"Encrypt"`
}

// errEnvelope is the answer to a body that is not an envelope; it says no more, since the
// body came from whoever could reach the callback URL.
var errEnvelope = kefu.Errorf(kefu.CodeMalformed, "malformed callback envelope")

// ParseEnvelope reads an encrypted callback's envelope; format is "xml" (Official Accounts,
// WeCom, mini programs set to XML) or "json" (mini programs set to JSON). An envelope without
// an Encrypt field is refused.
func ParseEnvelope(body []byte, format string) (Envelope, error) {
	var env Envelope
	var err error
	switch format {
	case "xml":
		err = DecodeXML(body, &struct {
			XMLName xml.Name `xml:"xml"`
			*Envelope
		}{Envelope: &env})
	case "json":
		err = json.Unmarshal(body, &env)
	default:
		return Envelope{}, errors.New("wxcrypto: envelope format must be xml or json")
	}
	if err != nil || env.Encrypt == "" {
		return Envelope{}, errEnvelope
	}
	return env, nil
}

// DecodeXML decodes a callback's XML into v, for envelopes and for the decrypted or plaintext
// messages alike. encoding/xml never fetches or expands external entities (an undefined entity
// reference is a syntax error in its strict mode), so XXE cannot reach a file or the network;
// DecodeXML goes further and refuses any DOCTYPE or other directive, which no platform sends.
func DecodeXML(body []byte, v any) error {
	if err := refuseDirectives(body); err != nil {
		return err
	}
	if err := xml.Unmarshal(body, v); err != nil {
		return kefu.Errorf(kefu.CodeMalformed, "malformed callback XML")
	}
	return nil
}

// refuseDirectives scans the body's tokens for a <!DOCTYPE …> or other <!…> directive.
func refuseDirectives(body []byte) error {
	d := xml.NewDecoder(bytes.NewReader(body))
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return kefu.Errorf(kefu.CodeMalformed, "malformed callback XML")
		}
		if _, ok := tok.(xml.Directive); ok {
			return kefu.Errorf(kefu.CodeMalformed, "callback XML must not carry a DOCTYPE")
		}
	}
}
