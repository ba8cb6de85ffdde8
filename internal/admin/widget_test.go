package admin

import (
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
)

func TestCleanWidget(t *testing.T) {
	base := func(mod func(*kefu.WidgetSettings)) kefu.WidgetSettings {
		w := kefu.DefaultWidgetSettings()
		mod(&w)
		return w
	}
	field := func(name string, opts ...string) kefu.PreChatField {
		return kefu.PreChatField{Name: name, Options: opts}
	}
	tests := []struct {
		name      string
		in        kefu.WidgetSettings
		wantField string // "" = accepted
	}{
		{"defaults", kefu.DefaultWidgetSettings(), ""},
		{"full form", base(func(w *kefu.WidgetSettings) {
			w.PreChat = kefu.PreChatForm{Enabled: true, Fields: []kefu.PreChatField{field("name"), field("phone"), field("inquiry_type", "售前", "售后")}}
		}), ""},
		{"bad colour", base(func(w *kefu.WidgetSettings) { w.Color = "blue" }), "widget.color"},
		{"bad locale", base(func(w *kefu.WidgetSettings) { w.Locale = "fr" }), "widget.locale"},
		{"unknown field", base(func(w *kefu.WidgetSettings) { w.PreChat.Fields = []kefu.PreChatField{field("age")} }), "widget.pre_chat.fields"},
		{"field twice", base(func(w *kefu.WidgetSettings) { w.PreChat.Fields = []kefu.PreChatField{field("email"), field("email")} }), "widget.pre_chat.fields"},
		{"inquiry without options", base(func(w *kefu.WidgetSettings) { w.PreChat.Fields = []kefu.PreChatField{field("inquiry_type")} }), "widget.pre_chat.fields"},
		{"options on name", base(func(w *kefu.WidgetSettings) { w.PreChat.Fields = []kefu.PreChatField{field("name", "x")} }), "widget.pre_chat.fields"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := cleanWidget(tt.in)
			if tt.wantField == "" {
				if err != nil {
					t.Fatalf("cleanWidget() = %v, want accepted", err)
				}
				return
			}
			ke, ok := err.(*kefu.Error)
			if !ok || ke.Field != tt.wantField {
				t.Fatalf("cleanWidget() = %v, want an error on %s", err, tt.wantField)
			}
		})
	}
}
