package main

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

// canaryWebhookPayloads waits for the webhook deliveries of the canary conversation (its
// creation and its four messages) and returns every payload joined, after checking that they
// carry the masked forms, so a payload stripped of content cannot pass as clean.
func canaryWebhookPayloads(t *testing.T, recv *receiver, wantMasked ...string) string {
	t.Helper()
	waitFor(t, 15*time.Second, "the canary's webhook deliveries", func() bool {
		return len(recv.matching("conversation.created", "")) >= 1 && len(recv.matching("message.created", "")) >= 4
	})
	var bodies []string
	for _, g := range recv.snapshot() {
		if g.Err != nil {
			t.Errorf("webhook delivery %s: %v", g.ID, g.Err)
		}
		bodies = append(bodies, g.Body)
	}
	all := strings.Join(bodies, "\n")
	for _, masked := range wantMasked {
		if !strings.Contains(all, masked) {
			t.Errorf("no webhook payload holds the masked %s: %.500s", masked, all)
		}
	}
	return all
}

// canaryExports returns the contact's data export (every file of the ZIP) and the audit log
// export, after checking that the first holds the masked message and the second the reveal.
func canaryExports(t *testing.T, s *testServer, o *org, contactID, masked string) []string {
	t.Helper()
	zipped := s.mustDo(200, "POST", "/api/v1/contacts/"+contactID+"/export", o.Tokens["supervisor"], nil)
	export := strings.Join(mapValues(unzipAll(t, zipped.Body)), "\n")
	if !strings.Contains(export, masked) {
		t.Errorf("the contact's export lacks the masked message %s", masked)
	}
	audit := string(s.mustDo(200, "POST", "/api/v1/audit/export", o.Tokens["owner"], map[string]string{"format": "jsonl"}).Body)
	if !strings.Contains(audit, "pii.revealed") {
		t.Errorf("the audit export lacks the reveal: %.500s", audit)
	}
	return []string{export, audit}
}

// checkSearchIsMasked fails unless searching conversations by the ID card number finds nothing
// and searching by its masked form finds conv: what is indexed is the masked text.
func checkSearchIsMasked(t *testing.T, s *testServer, token, conv, id string) {
	t.Helper()
	if found := searchConversations(t, s, token, id); len(found) != 0 {
		t.Errorf("search by the ID card number found %v, want nothing", found)
	}
	if found := searchConversations(t, s, token, maskedID(id)); len(found) != 1 || found[0] != conv {
		t.Errorf("search by the masked number found %v, want [%s]", found, conv)
	}
}

// searchConversations returns the ids of the conversations GET /conversations?q= finds.
func searchConversations(t *testing.T, s *testServer, token, q string) []string {
	t.Helper()
	var page struct {
		Conversations []struct{ ID string } `json:"conversations"`
	}
	s.mustDo(200, "GET", "/api/v1/conversations?q="+url.QueryEscape(q), token, nil).JSON(t, &page)
	var ids []string
	for _, c := range page.Conversations {
		ids = append(ids, c.ID)
	}
	return ids
}
