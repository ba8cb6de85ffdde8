package admin_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/admin"
	"github.com/kefu-dev/kefu/internal/auth/authtest"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// TestInvitationExpires: a link works until its expiry and answers invitation_expired after
// it, without creating an agent; re-issuing gives it a fresh week.
func TestInvitationExpires(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		clock := func() time.Time { return now }
		svc := admin.New(admin.Options{Store: e.store, Auth: e.auth, PasswordParams: authtest.PasswordParams(), Now: clock})
		o := e.mustOrg(t, "expiry")
		issued, err := svc.CreateInvitation(ctx, o.actor(kefu.RoleOwner), admin.InvitationInput{Email: "late@example.com", Role: kefu.RoleAgent})
		if err != nil {
			t.Fatal(err)
		}
		now = now.Add(admin.InvitationTTL - time.Second)
		if _, _, err := svc.LookupInvitation(ctx, issued.Token); err != nil {
			t.Fatalf("lookup just before expiry: %v", err)
		}
		now = now.Add(time.Second)
		_, err = svc.AcceptInvitation(ctx, admin.AcceptRequest{Token: issued.Token, Name: "Late", Password: "a long fine password"})
		if kefu.ErrorCode(err) != kefu.CodeInvitationExpired {
			t.Fatalf("accept at expiry: %v, want invitation_expired", err)
		}
		if _, err := e.store.GetAgentByEmail(ctx, "late@example.com"); !kefu.IsNotFound(err) {
			t.Errorf("an expired invitation created an agent (err %v)", err)
		}
		again, err := svc.ReissueInvitation(ctx, o.actor(kefu.RoleAdmin), issued.Invitation.ID)
		if err != nil || !again.Invitation.ExpiresAt.Equal(now.Add(admin.InvitationTTL)) {
			t.Fatalf("reissue: %v, expires %v, want %v", err, again.Invitation.ExpiresAt, now.Add(admin.InvitationTTL))
		}
		if _, err := svc.AcceptInvitation(ctx, admin.AcceptRequest{Token: again.Token, Name: "Late", Password: "a long fine password"}); err != nil {
			t.Fatalf("accept re-issued: %v", err)
		}
	})
}

// TestInvitationAcceptedOnce: of concurrent acceptances of one link, exactly one creates an
// agent; the others get invitation_used.
func TestInvitationAcceptedOnce(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		o := e.mustOrg(t, "race")
		issued, err := e.svc.CreateInvitation(ctx, o.actor(kefu.RoleOwner), admin.InvitationInput{Email: "race@example.com", Role: kefu.RoleAgent})
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make([]error, 4)
		for i := range errs {
			wg.Go(func() {
				_, errs[i] = e.svc.AcceptInvitation(ctx, admin.AcceptRequest{Token: issued.Token, Name: "R", Password: "a long fine password"})
			})
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case kefu.ErrorCode(err) != kefu.CodeInvitationUsed && kefu.ErrorCode(err) != kefu.CodeConflict:
				t.Errorf("concurrent accept: %v, want invitation_used", err)
			}
		}
		if ok != 1 {
			t.Errorf("%d acceptances succeeded, want exactly 1", ok)
		}
	})
}
