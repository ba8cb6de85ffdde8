package wechat

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strconv"

	"github.com/kefu-dev/kefu/internal/channel/wechat/wxcrypto"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// message is one callback message or event, as the Official Account and mini program
// documentation name its fields (接收普通消息, 接收事件推送, 小程序客服消息). XML and JSON share the
// names; JSON gives numbers where XML gives text (jsonText takes both).
type message struct {
	XMLName      xml.Name `xml:"xml" json:"-"`
	ToUserName   string   `xml:"ToUserName" json:"ToUserName"`
	FromUserName string   `xml:"FromUserName" json:"FromUserName"`
	CreateTime   jsonText `xml:"CreateTime" json:"CreateTime"`
	MsgType      string   `xml:"MsgType" json:"MsgType"`
	MsgID        jsonText `xml:"MsgId" json:"MsgId"`
	Content      string   `xml:"Content" json:"Content"`
	PicURL       string   `xml:"PicUrl" json:"PicUrl"`
	MediaID      string   `xml:"MediaId" json:"MediaId"`
	Format       string   `xml:"Format" json:"Format"`
	Recognition  string   `xml:"Recognition" json:"Recognition"`
	ThumbMediaID string   `xml:"ThumbMediaId" json:"ThumbMediaId"`
	LocationX    string   `xml:"Location_X" json:"Location_X"`
	LocationY    string   `xml:"Location_Y" json:"Location_Y"`
	Label        string   `xml:"Label" json:"Label"`
	Title        string   `xml:"Title" json:"Title"`
	Description  string   `xml:"Description" json:"Description"`
	URL          string   `xml:"Url" json:"Url"`
	Event        string   `xml:"Event" json:"Event"`
	EventKey     string   `xml:"EventKey" json:"EventKey"`
	PagePath     string   `xml:"PagePath" json:"PagePath"`
	AppID        string   `xml:"AppId" json:"AppId"`
	SessionFrom  string   `xml:"SessionFrom" json:"SessionFrom"`
}

// jsonText is a field the JSON format sends as a number (MsgId, CreateTime) and XML as text.
type jsonText string

// UnmarshalJSON takes a number or a string.
func (t *jsonText) UnmarshalJSON(b []byte) error {
	var n json.Number
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if err := d.Decode(&n); err == nil {
		*t = jsonText(n.String())
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	*t = jsonText(s)
	return nil
}

// createTime is the message's time in unix seconds; 0 when it has none.
func (m *message) createTime() int64 {
	n, _ := strconv.ParseInt(string(m.CreateTime), 10, 64)
	return n
}

// errMessage answers a signed body that is no message kefu can read.
var errMessage = kefu.Errorf(kefu.CodeMalformed, "malformed callback message")

// parseMessage reads a (decrypted or plaintext) message in format xml or json. XML goes
// through wxcrypto.DecodeXML, which refuses any DOCTYPE.
func parseMessage(body []byte, format string) (*message, error) {
	var m message
	var err error
	if format == "json" {
		err = json.Unmarshal(body, &m)
	} else {
		err = wxcrypto.DecodeXML(body, &m)
	}
	if err != nil {
		if kefu.ErrorCode(err) == kefu.CodeMalformed {
			return nil, err
		}
		return nil, errMessage
	}
	if m.FromUserName == "" || m.MsgType == "" || len(m.FromUserName) > 128 {
		return nil, errMessage
	}
	return &m, nil
}
