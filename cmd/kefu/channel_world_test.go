package main

// channelConv is a conversation of a channel inbox as the conversation list shows it.
type channelConv struct {
	ID        string `json:"id"`
	ContactID string `json:"contact_id"`
	Status    string `json:"status"`
}

// inboxConversations lists an inbox's conversations as the holder of token sees them.
func (s *testServer) inboxConversations(token, inboxID string) []channelConv {
	var page struct {
		Conversations []channelConv `json:"conversations"`
	}
	s.mustDo(200, "GET", "/api/v1/conversations?inbox_id="+inboxID, token, nil).JSON(s.t, &page)
	return page.Conversations
}

// customerMessages are the contact's messages of a conversation, oldest first, whatever the
// channel.
func (s *testServer) customerMessages(token, convID string) []tgMessage {
	var page struct {
		Messages []tgMessage `json:"messages"`
	}
	s.mustDo(200, "GET", "/api/v1/conversations/"+convID+"/messages", token, nil).JSON(s.t, &page)
	var out []tgMessage
	for _, m := range page.Messages {
		if m.SenderType == "contact" {
			out = append(out, m)
		}
	}
	return out
}
