package wxcrypto

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
)

func TestParseEnvelopeReadsXMLAndJSON(t *testing.T) {
	xmlBody := `<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Encrypt><![CDATA[abc+/=]]></Encrypt><AgentID>218</AgentID></xml>`
	jsonBody := `{"ToUserName":"gh_1","Encrypt":"abc+/="}`
	for format, body := range map[string]string{"xml": xmlBody, "json": jsonBody} {
		env, err := ParseEnvelope([]byte(body), format)
		if err != nil || env != (Envelope{ToUserName: "gh_1", Encrypt: "abc+/="}) {
			t.Errorf("%s: %+v, %v", format, env, err)
		}
	}
}

func TestParseEnvelopeRefusesWhatIsNotAnEnvelope(t *testing.T) {
	cases := []struct{ format, body string }{
		{"xml", `<xml><ToUserName>gh_1</ToUserName></xml>`},
		{"xml", `<other><Encrypt>abc</Encrypt></other>`},
		{"xml", `<xml><Encrypt>abc</Encrypt>`},
		{"xml", ``},
		{"json", `{"ToUserName":"gh_1"}`},
		{"json", `{"Encrypt":7}`},
		{"json", `not json`},
		{"yaml", `Encrypt: abc`},
	}
	for _, c := range cases {
		if env, err := ParseEnvelope([]byte(c.body), c.format); err == nil {
			t.Errorf("%s %q: %+v", c.format, c.body, env)
		}
	}
	_, err := ParseEnvelope([]byte(`{}`), "json")
	if kefu.ErrorCode(err) != kefu.CodeMalformed {
		t.Errorf("code = %s", kefu.ErrorCode(err))
	}
}

// An XXE attempt: a DOCTYPE whose external entity names a local file. The body is refused,
// and the file's content reaches neither the envelope nor the error.
func TestParseEnvelopeRefusesExternalEntities(t *testing.T) {
	secret := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(secret, []byte("TOPSECRET"), 0o600); err != nil {
		t.Fatal(err)
	}
	bodies := []string{
		`<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file://` + secret + `">]>` +
			`<xml><ToUserName>gh_1</ToUserName><Encrypt>&xxe;</Encrypt></xml>`,
		`<!DOCTYPE xml SYSTEM "file://` + secret + `"><xml><Encrypt>abc</Encrypt></xml>`,
		`<xml><Encrypt>&xxe;</Encrypt></xml>`, // an entity nobody declared
	}
	for _, body := range bodies {
		env, err := ParseEnvelope([]byte(body), "xml")
		if err == nil {
			t.Errorf("accepted %q as %+v", body, env)
		}
		if strings.Contains(env.Encrypt+errString(err), "TOPSECRET") {
			t.Errorf("the entity was resolved: %+v, %v", env, err)
		}
	}
}

func TestDecodeXMLReadsAPlaintextMessage(t *testing.T) {
	var m struct {
		MsgType string
		Content string
		MsgID   int64 `xml:"MsgId"`
	}
	body := "<xml><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好 & <b>]]></Content><MsgId>6054768590064713728</MsgId></xml>"
	if err := DecodeXML([]byte(body), &m); err != nil {
		t.Fatal(err)
	}
	if m.MsgType != "text" || m.Content != "你好 & <b>" || m.MsgID != 6054768590064713728 {
		t.Fatalf("%+v", m)
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
