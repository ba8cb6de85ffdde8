package main

import (
	"encoding/json"
	"strconv"
	"sync"
	"testing"
)

// startResult is what POST /api/v1/widget/conversations answers.
type startResult struct {
	Conversation struct {
		ID string `json:"id"`
	} `json:"conversation"`
	Message struct {
		ID  string `json:"id"`
		Seq int64  `json:"seq"`
	} `json:"message"`
	Duplicate bool `json:"duplicate"`
}

// A widget that did not hear the answer to its start retries it with the same first
// client_msg_id: it must get the conversation the first attempt started, not a second one.
func TestRetriedStartReturnsTheFirstConversation(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		o := s.mustSetupOrg("Retry")
		v := s.mustVisitor(o.WidgetKey)
		body := map[string]any{"message": map[string]string{"content": "你好", "client_msg_id": "start-1"}}
		var first, again startResult
		s.mustDo(201, "POST", "/api/v1/widget/conversations", v.Token, body).JSON(t, &first)
		s.mustDo(200, "POST", "/api/v1/widget/conversations", v.Token, body).JSON(t, &again)
		if first.Duplicate || !again.Duplicate {
			t.Errorf("got duplicate %v then %v, want false then true", first.Duplicate, again.Duplicate)
		}
		if again.Conversation.ID != first.Conversation.ID || again.Message.ID != first.Message.ID {
			t.Errorf("retry got conversation %s message %s, want the first's %s and %s",
				again.Conversation.ID, again.Message.ID, first.Conversation.ID, first.Message.ID)
		}
		if n := s.visitorConversationCount(v); n != 1 {
			t.Errorf("the visitor has %d conversations after a retried start, want 1", n)
		}
		// Another visitor's same client id is theirs alone; a new id is a new conversation.
		other := s.mustVisitor(o.WidgetKey)
		var theirs startResult
		s.mustDo(201, "POST", "/api/v1/widget/conversations", other.Token, body).JSON(t, &theirs)
		if theirs.Conversation.ID == first.Conversation.ID {
			t.Error("another visitor's start with the same client id got the first visitor's conversation")
		}
		body["message"] = map[string]string{"content": "again", "client_msg_id": "start-2"}
		s.mustDo(201, "POST", "/api/v1/widget/conversations", v.Token, body)
		if n := s.visitorConversationCount(v); n != 2 {
			t.Errorf("the visitor has %d conversations after a start with a new client id, want 2", n)
		}
	})
}

// Concurrent retries of one start (a flaky network resending) still make one conversation.
func TestConcurrentRetriedStartsMakeOneConversation(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		o := s.mustSetupOrg("Concurrent")
		v := s.mustVisitor(o.WidgetKey)
		body := map[string]any{"message": map[string]string{"content": "hi", "client_msg_id": "same"}}
		ids := make([]string, 8)
		var wg sync.WaitGroup
		for i := range ids {
			wg.Go(func() {
				r, err := tryDo(s.URL(), "POST", "/api/v1/widget/conversations", v.Token, body)
				var out startResult
				if err == nil && (r.Status == 200 || r.Status == 201) && json.Unmarshal(r.Body, &out) == nil {
					ids[i] = out.Conversation.ID
				}
			})
		}
		wg.Wait()
		// Concurrent requests may leave a connection the client dialled but never used; the
		// server's shutdown waits 5 s for such a one to send a request, so close them now.
		boundedClient.CloseIdleConnections()
		for i, id := range ids {
			if id == "" || id != ids[0] {
				t.Fatalf("start %d answered conversation %q, want every start to answer %q", i, id, ids[0])
			}
		}
		if n := s.visitorConversationCount(v); n != 1 {
			t.Errorf("the visitor has %d conversations after 8 concurrent identical starts, want 1", n)
		}
	})
}

func (s *testServer) visitorConversationCount(v *visitor) int {
	s.t.Helper()
	var out struct {
		Conversations []struct {
			ID string `json:"id"`
		} `json:"conversations"`
	}
	s.mustDo(200, "GET", "/api/v1/widget/conversations", v.Token, nil).JSON(s.t, &out)
	return len(out.Conversations)
}

// GET …/messages?after=0 pages forward from the first message: a client paging through history
// from the start must not get the newest page instead and silently miss the rest.
func TestMessagesAfterZeroStartsAtTheFirst(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		o := s.mustSetupOrg("Paging")
		v := s.mustVisitor(o.WidgetKey)
		conv := s.mustStartConversation(v, "m1")
		for i := 2; i <= 5; i++ {
			mustRESTSend(t, s, v.Token, conv, "c"+strconv.Itoa(i), "m"+strconv.Itoa(i), true)
		}
		for path, token := range map[string]string{"/api/v1/conversations/" + conv: o.Tokens["owner"], "/api/v1/widget/conversations/" + conv: v.Token} {
			if got := s.messageSeqs(path+"/messages?after=0&limit=2", token); len(got) != 2 || got[0] != 1 || got[1] != 2 {
				t.Errorf("%s after=0&limit=2: got seqs %v, want [1 2]", path, got)
			}
			if got := s.messageSeqs(path+"/messages?limit=2", token); len(got) != 2 || got[0] != 4 || got[1] != 5 {
				t.Errorf("%s without after, limit=2: got seqs %v, want the newest [4 5]", path, got)
			}
		}
	})
}

func (s *testServer) messageSeqs(path, token string) []int64 {
	s.t.Helper()
	var out struct {
		Messages []struct {
			Seq int64 `json:"seq"`
		} `json:"messages"`
	}
	s.mustDo(200, "GET", path, token, nil).JSON(s.t, &out)
	seqs := make([]int64, len(out.Messages))
	for i, m := range out.Messages {
		seqs[i] = m.Seq
	}
	return seqs
}
