package main

import "testing"

// TestDecodeFrame: one pass gives the message of events and acks, and keeps an error frame,
// whose message is text, with its code.
func TestDecodeFrame(t *testing.T) {
	var ev frame
	err := decodeFrame([]byte(`{"type":"message.created","cursor":7,"message":{"id":"m1","conversation_id":"c1","seq":3,"content":"hi","extra":[1,2]},"conversation":{"id":"c1","assignee_id":"a1","last_seq":3}}`), &ev)
	if err != nil || ev.Type != "message.created" || ev.Cursor != 7 {
		t.Fatalf("event: %+v, %v", ev, err)
	}
	if m := ev.Message; m == nil || m.ID != "m1" || m.ConversationID != "c1" || m.Seq != 3 || m.Content != "hi" {
		t.Fatalf("event message: %+v", m)
	}
	if ev.Conversation == nil || ev.Conversation.AssigneeID != "a1" {
		t.Fatalf("event conversation: %+v", ev.Conversation)
	}

	var bad frame
	if err := decodeFrame([]byte(`{"type":"error","ref":"r-1","code":"rate_limited","message":"slow down"}`), &bad); err != nil {
		t.Fatalf("error frame: %v", err)
	}
	if bad.Code != "rate_limited" || bad.Ref != "r-1" || bad.Message != nil {
		t.Fatalf("error frame: %+v", bad)
	}

	var junk frame
	if err := decodeFrame([]byte(`{"type":"ack","message":"not an object"}`), &junk); err == nil {
		t.Fatal("an ack whose message is not an object decoded without error")
	}
	if err := decodeFrame([]byte(`{"type":`), &junk); err == nil {
		t.Fatal("a truncated frame decoded without error")
	}
}
