package wecom

import "encoding/json"

// The WeCom customer-service API's messages, as much of them as kefu reads
// (developer.work.weixin.qq.com/document/path/94670 and 94677).

// Message origins in sync_msg.
const (
	originCustomer = 3 // the WeChat customer wrote
	originEvent    = 4 // a system event (entered the session, a send failed, a state change)
	originServicer = 5 // a WeCom servicer wrote from the WeCom app
)

// kfMessage is one entry of sync_msg's msg_list.
type kfMessage struct {
	MsgID          string `json:"msgid"`
	OpenKfID       string `json:"open_kfid"`
	ExternalUserID string `json:"external_userid"`
	SendTime       int64  `json:"send_time"`
	Origin         int    `json:"origin"`
	MsgType        string `json:"msgtype"`
	Text           *struct {
		Content string `json:"content"`
	} `json:"text,omitempty"`
	Image        *media    `json:"image,omitempty"`
	Voice        *media    `json:"voice,omitempty"`
	Video        *media    `json:"video,omitempty"`
	File         *media    `json:"file,omitempty"`
	Location     *location `json:"location,omitempty"`
	Link         *link     `json:"link,omitempty"`
	BusinessCard *struct {
		UserID string `json:"userid"`
	} `json:"business_card,omitempty"`
	MiniProgram *struct {
		Title    string `json:"title"`
		AppID    string `json:"appid"`
		PagePath string `json:"pagepath"`
	} `json:"miniprogram,omitempty"`
	Event *kfEvent `json:"event,omitempty"`
}

type media struct {
	MediaID string `json:"media_id"`
}

type location struct {
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
	Name      string  `json:"name"`
	Address   string  `json:"address"`
}

type link struct {
	Title string `json:"title"`
	Desc  string `json:"desc"`
	URL   string `json:"url"`
}

// kfEvent is an origin-4 message's event.
type kfEvent struct {
	EventType      string `json:"event_type"`
	OpenKfID       string `json:"open_kfid"`
	ExternalUserID string `json:"external_userid"`
	Scene          string `json:"scene"`
	WelcomeCode    string `json:"welcome_code"` // enter_session: valid 20 s, once
	FailMsgID      string `json:"fail_msgid"`   // msg_send_fail
	FailType       int    `json:"fail_type"`
}

// Event types kefu acts on.
const (
	eventEnterSession = "enter_session"
	eventMsgSendFail  = "msg_send_fail"
)

// syncRequest is kf/sync_msg's body. Token is the callback's (valid 10 minutes); without one
// the call is allowed too, under a stricter rate limit.
type syncRequest struct {
	Cursor   string `json:"cursor,omitempty"`
	Token    string `json:"token,omitempty"`
	Limit    int    `json:"limit"`
	OpenKfID string `json:"open_kfid"`
}

type syncPage struct {
	NextCursor string            `json:"next_cursor"`
	HasMore    int               `json:"has_more"`
	MsgList    []json.RawMessage `json:"msg_list"`
}

// customer is one entry of kf/customer/batchget's customer_list.
type customer struct {
	ExternalUserID string `json:"external_userid"`
	Nickname       string `json:"nickname"`
	UnionID        string `json:"unionid"`
}
