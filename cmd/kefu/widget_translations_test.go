package main

import (
	"strings"
	"testing"
)

// TestWidgetTranslations: an inbox's greeting and away message per language round-trip to the
// widget's configuration beside the single defaults, and a bad translation is refused with
// invalid_input naming the field, leaving the saved settings as they were.
func TestWidgetTranslations(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		o := s.mustSetupOrg("Texts")
		owner := o.Tokens["owner"]
		widget := func(translations any) map[string]any {
			return map[string]any{"color": "#00aa00", "away_message": "Back soon", "locale": "", "translations": translations,
				"pre_chat": map[string]any{"enabled": false, "fields": []any{}}}
		}
		s.mustDo(200, "PATCH", "/api/v1/inboxes/"+o.InboxID, owner, map[string]any{"greeting": "Hello!", "widget": widget(map[string]any{
			"zh-CN": map[string]string{"greeting": "  您好！ ", "away_message": "我们稍后回复"},
			"en":    map[string]string{"greeting": "", "away_message": ""}, // nothing to say: dropped
		})})
		var cfg struct {
			Inbox struct {
				Greeting string `json:"greeting"`
			} `json:"inbox"`
			Widget struct {
				AwayMessage  string                       `json:"away_message"`
				Translations map[string]map[string]string `json:"translations"`
			} `json:"widget"`
		}
		s.mustDo(200, "GET", "/api/v1/widget/config?widget_key="+o.WidgetKey, "", nil).JSON(t, &cfg)
		zh := cfg.Widget.Translations["zh-CN"]
		if cfg.Inbox.Greeting != "Hello!" || cfg.Widget.AwayMessage != "Back soon" || zh["greeting"] != "您好！" || zh["away_message"] != "我们稍后回复" {
			t.Errorf("config = %+v, want the defaults and the trimmed zh-CN texts", cfg)
		}
		if _, ok := cfg.Widget.Translations["en"]; ok || len(cfg.Widget.Translations) != 1 {
			t.Errorf("translations = %v, want only zh-CN (an empty language is dropped)", cfg.Widget.Translations)
		}

		bad := []struct {
			name, field  string
			translations any
		}{
			{"unknown locale", "widget.translations", map[string]any{"fr": map[string]string{"greeting": "Bonjour"}}},
			{"greeting too long", "widget.translations.en.greeting", map[string]any{"en": map[string]string{"greeting": strings.Repeat("a", 1001)}}},
			{"control character", "widget.translations.zh-CN.away_message", map[string]any{"zh-CN": map[string]string{"away_message": "a\x07b"}}},
		}
		for _, tt := range bad {
			r := s.do("PATCH", "/api/v1/inboxes/"+o.InboxID, owner, map[string]any{"widget": widget(tt.translations)})
			if r.Status != 422 || r.Code(t) != "invalid_input" || !strings.Contains(string(r.Body), tt.field) {
				t.Errorf("%s: got %d %s, want 422 invalid_input naming %s", tt.name, r.Status, r.Body, tt.field)
			}
		}
		s.mustDo(200, "GET", "/api/v1/widget/config?widget_key="+o.WidgetKey, "", nil).JSON(t, &cfg)
		if cfg.Widget.Translations["zh-CN"]["greeting"] != "您好！" {
			t.Errorf("after refused changes: translations = %v, want the saved ones", cfg.Widget.Translations)
		}

		// A client that knows nothing of translations still saves (and, replacing the widget
		// settings whole, clears them).
		s.mustDo(200, "PATCH", "/api/v1/inboxes/"+o.InboxID, owner, map[string]any{"widget": map[string]any{
			"color": "#00aa00", "away_message": "Back soon", "locale": "en", "pre_chat": map[string]any{"enabled": false, "fields": []any{}}}})
	})
}
