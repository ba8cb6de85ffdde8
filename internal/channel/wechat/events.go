package wechat

import (
	"context"
	"strings"

	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/contact"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// Contact attributes the events keep.
const (
	attrSubscribed = "wechat_subscribed"    // "true" or "false"
	attrScene      = "wechat_scene"         // the QR code scene the user came from
	attrGreetedAt  = "wechat_greeted_event" // the event the last greeting answered
)

// event handles an event. Subscribing (and a mini program's entering the session) creates
// the contact and queues the inbox's greeting, without a conversation; unsubscribing and
// scanning are kept on the contact; a menu click is a message an agent reads; the rest
// (VIEW, template and location reports) is dropped.
func (a *Adapter) event(ctx context.Context, inbox *kefu.Inbox, m *message) error {
	switch m.Event {
	case "subscribe":
		attrs := map[string]string{attrSubscribed: "true"}
		if scene, ok := strings.CutPrefix(m.EventKey, "qrscene_"); ok && scene != "" {
			attrs[attrScene] = scene
		}
		return a.welcome(ctx, inbox, m, attrs)
	case "user_enter_tempsession":
		return a.welcome(ctx, inbox, m, map[string]string{})
	case "unsubscribe":
		return a.annotate(ctx, inbox, m, map[string]string{attrSubscribed: "false"})
	case "SCAN":
		return a.annotate(ctx, inbox, m, map[string]string{attrScene: m.EventKey})
	case "CLICK":
		in := a.inbound(ctx, inbox, m)
		in.Kind, in.Text, in.Media = channel.KindText, "Menu: "+m.EventKey, nil
		return a.receive(ctx, in)
	}
	return nil
}

// annotate sets attributes on the sender's contact, creating it when new.
func (a *Adapter) annotate(ctx context.Context, inbox *kefu.Inbox, m *message, attrs map[string]string) error {
	_, err := a.resolve(ctx, inbox, m.FromUserName, attrs)
	return err
}

func (a *Adapter) resolve(ctx context.Context, inbox *kefu.Inbox, openID string, attrs map[string]string) (*kefu.Contact, error) {
	s := a.sender(ctx, inbox, openID)
	p := contact.Profile{Attributes: attrs, Linked: s.Linked}
	c, err := a.contacts.Resolve(ctx, inbox.OrgID, s.Channel, s.ExternalID, true, p)
	if err != nil && channel.RefusedForGood(err) {
		a.log.WarnContext(ctx, "wechat: event's contact refused; dropped", "inbox_id", inbox.ID, "err", kefu.PublicMessage(err))
		return nil, nil
	}
	return c, err
}

// welcome keeps the attributes and queues the greeting once per event: the platform retries
// an event it got no answer to, and the contact remembers which event was greeted. (Two
// retries racing each other could both queue one; the platform retries 5 seconds apart.)
func (a *Adapter) welcome(ctx context.Context, inbox *kefu.Inbox, m *message, attrs map[string]string) error {
	id := eventID(m)
	c, err := a.resolve(ctx, inbox, m.FromUserName, nil)
	if err != nil || c == nil || c.Attributes[attrGreetedAt] == id {
		return err
	}
	attrs[attrGreetedAt] = id
	if _, err := a.resolve(ctx, inbox, m.FromUserName, attrs); err != nil {
		return err
	}
	if strings.TrimSpace(inbox.Greeting) == "" {
		return nil
	}
	return a.queueGreeting(ctx, inbox, m.FromUserName)
}
