package kefu

import "testing"

func TestRevocationMatches(t *testing.T) {
	session := Actor{Kind: ActorAgent, OrgID: "o", AgentID: "a", Role: RoleAgent, SessionID: "s1"}
	token := Actor{Kind: ActorAgent, OrgID: "o", AgentID: "a", Role: RoleAgent, TokenID: "t1"}
	other := Actor{Kind: ActorAgent, OrgID: "o", AgentID: "b", Role: RoleAgent, SessionID: "s2"}
	for _, tc := range []struct {
		name                  string
		rev                   Revocation
		session, token, other bool
	}{
		{"session", Revocation{SessionID: "s1"}, true, false, false},
		{"token", Revocation{TokenID: "t1"}, false, true, false},
		{"agent", Revocation{AgentID: "a"}, true, true, false},
		{"agent sessions", Revocation{AgentID: "a", SessionsOnly: true}, true, false, false},
		{"other sessions", Revocation{AgentID: "a", SessionsOnly: true, ExceptSessionID: "s1"}, false, false, false},
		{"every agent", Revocation{AllAgents: true}, true, true, true},
		{"nothing named", Revocation{}, false, false, false},
	} {
		got := [3]bool{tc.rev.Matches(session), tc.rev.Matches(token), tc.rev.Matches(other)}
		if want := [3]bool{tc.session, tc.token, tc.other}; got != want {
			t.Errorf("%s: matches (session, token, other) = %v, want %v", tc.name, got, want)
		}
	}
}

func TestSessionIDIsAShortOpaquePrefix(t *testing.T) {
	hash := make([]byte, 32)
	for i := range hash {
		hash[i] = byte(i * 7)
	}
	id := SessionID(hash)
	if len(id) != 16 || id == SessionID(append([]byte{1}, hash[1:]...)) || SessionID(hash[:4]) != "" {
		t.Fatalf("SessionID = %q: want 16 characters that differ with the hash, and \"\" for a short hash", id)
	}
}

func TestRevocationOfAContactEndsOnlyItsVisitors(t *testing.T) {
	rev := Revocation{Reason: RevokeSignedOut, ContactID: "c1"}
	visitor := Actor{Kind: ActorVisitor, OrgID: "o", ContactID: "c1", InboxID: "i"}
	otherVisitor := Actor{Kind: ActorVisitor, OrgID: "o", ContactID: "c2", InboxID: "i"}
	agent := Actor{Kind: ActorAgent, OrgID: "o", AgentID: "a", Role: RoleAgent, SessionID: "s1"}
	if !rev.Matches(visitor) || rev.Matches(otherVisitor) || rev.Matches(agent) {
		t.Errorf("contact revocation matches (its visitor, another visitor, an agent) = %v %v %v, want true false false",
			rev.Matches(visitor), rev.Matches(otherVisitor), rev.Matches(agent))
	}
}
