package httpapi

import (
	"encoding/json"
	"testing"

	"github.com/kefu-dev/kefu/internal/conversation"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// The widget config's bot says whether a conversation started now goes to the bot, for every
// mode and the availabilities that decide it.
func TestWidgetBotActive(t *testing.T) {
	live := conversation.Availability{Open: true, AgentsOnline: true}
	closed := conversation.Availability{Open: false, AgentsOnline: true}
	nobody := conversation.Availability{Open: true}
	full := conversation.Availability{Open: true, AgentsOnline: true, QueueFull: true}
	tests := []struct {
		name string
		mode kefu.BotMode
		a    conversation.Availability
		want bool
	}{
		{"off while nobody is online", kefu.BotOff, nobody, false},
		{"always while live", kefu.BotAlways, live, true},
		{"always while closed", kefu.BotAlways, closed, true},
		{"outside hours while open", kefu.BotOutsideHours, live, false},
		{"outside hours while closed", kefu.BotOutsideHours, closed, true},
		{"when busy while live", kefu.BotWhenBusy, live, false},
		{"when busy with nobody online", kefu.BotWhenBusy, nobody, true},
		{"when busy with the queue full", kefu.BotWhenBusy, full, true},
		{"when busy while closed with agents online", kefu.BotWhenBusy, closed, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := widgetBotOf(kefu.BotSettings{Mode: tt.mode, QueueThreshold: 3}, tt.a)
			if got.Active != tt.want {
				t.Errorf("active = %v, want %v", got.Active, tt.want)
			}
		})
	}
}

// The name and the button setting pass through; an unset name stays empty (the widget says
// 智能助手 or Assistant in the visitor's language), and the JSON names are the contract's.
func TestWidgetBotJSON(t *testing.T) {
	tests := []struct {
		name string
		bot  kefu.BotSettings
		want string
	}{
		{"off", kefu.BotSettings{}, `{"active":false,"name":"","hide_human_button":false}`},
		{"named, button hidden", kefu.BotSettings{Mode: kefu.BotAlways, Name: "小蜜", HideHumanButton: true}, `{"active":true,"name":"小蜜","hide_human_button":true}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(widgetBotOf(tt.bot, conversation.Availability{Open: true}))
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tt.want {
				t.Errorf("got %s, want %s", b, tt.want)
			}
		})
	}
}
