package codecs

import (
	"github.com/kefu-dev/kefu/internal/jsonenc/jsonenctest"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// The values every encoder and decoder here is given. internal/realtime's codecs_bench_test.go
// uses the same ones for the encoders it cannot export, so the rows of both can be set side by
// side.

func sampleEvent() *kefu.Event { return jsonenctest.SampleEvent() }

func sampleAgentFrame() *AgentFrame {
	ev := sampleEvent()
	return &AgentFrame{Type: ev.Type, Cursor: ev.Seq, ConversationID: ev.ConversationID,
		Message: ev.Message, Conversation: ev.Conversation}
}

func sampleVisitorFrame() *VisitorFrame {
	ev := sampleEvent()
	return &VisitorFrame{Type: ev.Type, ConversationID: ev.ConversationID,
		Message: kefu.NewVisitorMessage(ev.Message), Conversation: kefu.NewVisitorConversation(ev.Conversation)}
}

func sampleVisitorAck() *VisitorAck {
	dup := false
	return &VisitorAck{Type: "ack", Ref: "c1", Message: kefu.NewVisitorMessage(sampleEvent().Message), Duplicate: &dup}
}

// Client frames: a send with about 100 bytes of Chinese text, a typing and a read.
var clientFrames = []struct{ name, json string }{
	{"send", `{"type":"send","ref":"c1","conversation_id":"0193a6f0-0000-7000-8000-000000000001","client_msg_id":"9f1c6a1e-2b7d-4c1e-9a55-0d6f1e2b3c4d","content":"` + jsonenctest.SampleContent + `"}`},
	{"typing", `{"type":"typing","conversation_id":"0193a6f0-0000-7000-8000-000000000001","typing":true}`},
	{"read", `{"type":"read","ref":"r7","conversation_id":"0193a6f0-0000-7000-8000-000000000001","seq":17}`},
}
