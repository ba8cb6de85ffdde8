package admin_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/kefu-dev/kefu/internal/admin"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// TestInboxBotSettings stores an inbox's bot settings trimmed, replaces them whole on update,
// and refuses bad ones naming the field, changing nothing.
func TestInboxBotSettings(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		a := e.mustOrg(t, "botinbox")
		own := a.actor(kefu.RoleOwner)
		bot := kefu.BotSettings{Mode: kefu.BotWhenBusy, QueueThreshold: 5, AnswerThreshold: 0.6, SuggestThreshold: 0.3,
			LowConfidenceLimit: 3, Name: "  小助手 ", Greeting: " 您好！\n我是小助手。 "}
		ib, err := e.svc.CreateInbox(ctx, own, admin.InboxInput{Name: "Site", Bot: &bot})
		if err != nil {
			t.Fatal(err)
		}
		got, err := e.svc.GetInbox(ctx, own, ib.ID)
		if err != nil || got.Bot.Mode != kefu.BotWhenBusy || got.Bot.Name != "小助手" || got.Bot.Greeting != "您好！\n我是小助手。" || got.Bot.QueueThreshold != 5 {
			t.Fatalf("stored bot = %+v, %v; want it trimmed", got.Bot, err)
		}
		ib, err = e.svc.UpdateInbox(ctx, own, ib.ID, admin.InboxPatch{Bot: &kefu.BotSettings{Mode: kefu.BotAlways, SuggestThreshold: 0.9}})
		if err != nil || ib.Bot.Mode != kefu.BotAlways || ib.Bot.Name != "" || ib.Bot.QueueThreshold != 0 {
			t.Errorf("after update: %+v, %v; want the settings replaced whole (a suggest threshold alone is allowed)", ib.Bot, err)
		}
		bad := map[string]struct {
			bot   kefu.BotSettings
			field string
		}{
			"unknown mode":          {kefu.BotSettings{Mode: "sometimes"}, "bot.mode"},
			"answer above 1":        {kefu.BotSettings{AnswerThreshold: 1.5}, "bot.answer_threshold"},
			"negative suggest":      {kefu.BotSettings{SuggestThreshold: -0.1}, "bot.suggest_threshold"},
			"NaN":                   {kefu.BotSettings{AnswerThreshold: math.NaN()}, "bot.answer_threshold"},
			"suggest above answer":  {kefu.BotSettings{AnswerThreshold: 0.4, SuggestThreshold: 0.5}, "bot.suggest_threshold"},
			"low confidence 11":     {kefu.BotSettings{LowConfidenceLimit: 11}, "bot.low_confidence_limit"},
			"queue past the limit":  {kefu.BotSettings{Mode: kefu.BotWhenBusy, QueueThreshold: 10001}, "bot.queue_threshold"},
			"negative queue":        {kefu.BotSettings{QueueThreshold: -1}, "bot.queue_threshold"},
			"name too long":         {kefu.BotSettings{Name: strings.Repeat("名", 65)}, "bot.name"},
			"name on two lines":     {kefu.BotSettings{Name: "a\nb"}, "bot.name"},
			"greeting too long":     {kefu.BotSettings{Greeting: strings.Repeat("话", 1001)}, "bot.greeting"},
			"control in a greeting": {kefu.BotSettings{Greeting: "hi\x00"}, "bot.greeting"},
		}
		for name, tt := range bad {
			_, err := e.svc.UpdateInbox(ctx, own, ib.ID, admin.InboxPatch{Bot: &tt.bot})
			var ke *kefu.Error
			if !errors.As(err, &ke) || ke.Code != kefu.CodeInvalid || ke.Field != tt.field {
				t.Errorf("%s: %v, want invalid_input on %s", name, err, tt.field)
			}
		}
		if got, _ := e.svc.GetInbox(ctx, own, ib.ID); got.Bot.Mode != kefu.BotAlways || got.Bot.SuggestThreshold != 0.9 {
			t.Errorf("after refusals: %+v, want the last good settings", got.Bot)
		}
		_, err = e.svc.UpdateInbox(ctx, a.actor(kefu.RoleSupervisor), ib.ID, admin.InboxPatch{Bot: &kefu.BotSettings{}})
		if kefu.ErrorCode(err) != kefu.CodeForbidden {
			t.Errorf("a supervisor changing the bot: %v, want forbidden", err)
		}
	})
}
