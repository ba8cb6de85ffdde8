package wxcrypto

import (
	"encoding/json"
	"os"
	"testing"
)

// weComSample is testdata/wecom_callback_sample.json: WeCom's published callback sample.
type weComSample struct {
	CorpID    string `json:"corp_id"`
	Token     string `json:"token"`
	Key       string `json:"encoding_aes_key"`
	VerifyURL struct {
		MsgSignature string `json:"msg_signature"`
		Timestamp    string `json:"timestamp"`
		Nonce        string `json:"nonce"`
		Echostr      string `json:"echostr"`
		Plaintext    string `json:"plaintext"`
	} `json:"verify_url"`
	Message signedMessage `json:"message"`
}

// signedMessage is a published callback body with its query and the plaintext it carries.
type signedMessage struct {
	AppID        string `json:"app_id"`
	Token        string `json:"token"`
	MsgSignature string `json:"msg_signature"`
	Timestamp    string `json:"timestamp"`
	Nonce        string `json:"nonce"`
	Body         string `json:"body"`
	Plaintext    string `json:"plaintext"`
}

// oaSample is testdata/oa_encrypt_sample.json: the Official Account's published sample.
type oaSample struct {
	AppID       string `json:"app_id"`
	Token       string `json:"token"`
	Key         string `json:"encoding_aes_key"`
	Timestamp   string `json:"timestamp"`
	Nonce       string `json:"nonce"`
	FixedRandom string `json:"fixed_random"`
	Encrypt     []struct {
		Plaintext  string `json:"plaintext"`
		Ciphertext string `json:"ciphertext"`
	} `json:"encrypt"`
	Message signedMessage `json:"message"`
}

func load(t *testing.T, name string, v any) {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func mustCodec(t *testing.T, key, receiver string) *Codec {
	t.Helper()
	c, err := NewCodec(key, receiver)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestWeComURLVerificationVector(t *testing.T) {
	var s weComSample
	load(t, "wecom_callback_sample.json", &s)
	v := s.VerifyURL
	if got := Signature(s.Token, v.Timestamp, v.Nonce, v.Echostr); got != v.MsgSignature {
		t.Fatalf("signature = %s, published %s", got, v.MsgSignature)
	}
	got, err := mustCodec(t, s.Key, s.CorpID).Open(s.Token, v.MsgSignature, v.Timestamp, v.Nonce, v.Echostr)
	if err != nil || string(got) != v.Plaintext {
		t.Fatalf("Open = %q, %v; want %q", got, err, v.Plaintext)
	}
}

func TestWeComMessageVector(t *testing.T) {
	var s weComSample
	load(t, "wecom_callback_sample.json", &s)
	m := s.Message
	env, err := ParseEnvelope([]byte(m.Body), "xml")
	if err != nil || env.ToUserName != s.CorpID {
		t.Fatalf("envelope = %+v, %v", env, err)
	}
	if got := Signature(s.Token, m.Timestamp, m.Nonce, env.Encrypt); got != m.MsgSignature {
		t.Fatalf("signature = %s, published %s", got, m.MsgSignature)
	}
	got, err := mustCodec(t, s.Key, s.CorpID).Open(s.Token, m.MsgSignature, m.Timestamp, m.Nonce, env.Encrypt)
	if err != nil || string(got) != m.Plaintext {
		t.Fatalf("Open = %q, %v; want %q", got, err, m.Plaintext)
	}
}

// The Official Account's published ciphertexts were made with a fixed random prefix:
// encrypting with that prefix must give them byte for byte, and decrypting must give back
// the plaintext.
func TestOfficialAccountEncryptVectors(t *testing.T) {
	var s oaSample
	load(t, "oa_encrypt_sample.json", &s)
	c := mustCodec(t, s.Key, s.AppID)
	for _, v := range s.Encrypt {
		if got := c.encrypt([]byte(s.FixedRandom), []byte(v.Plaintext)); got != v.Ciphertext {
			t.Errorf("encrypt(%.20q) = %s\npublished %s", v.Plaintext, got, v.Ciphertext)
		}
		if got, err := c.Decrypt(v.Ciphertext); err != nil || string(got) != v.Plaintext {
			t.Errorf("Decrypt = %q, %v; want %q", got, err, v.Plaintext)
		}
	}
}

// A published compatible-mode message: the plaintext fields and Encrypt side by side.
func TestOfficialAccountMessageVector(t *testing.T) {
	var s oaSample
	load(t, "oa_encrypt_sample.json", &s)
	m := s.Message
	env, err := ParseEnvelope([]byte(m.Body), "xml")
	if err != nil {
		t.Fatal(err)
	}
	got, err := mustCodec(t, s.Key, m.AppID).Open(m.Token, m.MsgSignature, m.Timestamp, m.Nonce, env.Encrypt)
	if err != nil || string(got) != m.Plaintext {
		t.Fatalf("Open = %q, %v; want %q", got, err, m.Plaintext)
	}
}

// Seal with the sample's parameters opens again, and its signature is the one Signature
// computes over the same four parts.
func TestOfficialAccountSealOpenRoundTrip(t *testing.T) {
	var s oaSample
	load(t, "oa_encrypt_sample.json", &s)
	c := mustCodec(t, s.Key, s.AppID)
	msg := []byte(s.Encrypt[1].Plaintext)
	enc, sig, err := c.Seal(s.Token, msg, s.Timestamp, s.Nonce)
	if err != nil || sig != Signature(s.Nonce, enc, s.Token, s.Timestamp) {
		t.Fatalf("Seal = %s, %s, %v", enc, sig, err)
	}
	got, err := c.Open(s.Token, sig, s.Timestamp, s.Nonce, enc)
	if err != nil || string(got) != string(msg) {
		t.Fatalf("Open = %q, %v", got, err)
	}
}
