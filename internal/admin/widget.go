package admin

import (
	"slices"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Limits on widget settings.
const (
	maxAwayMessageLen = 1000
	maxInquiryOptions = 20
	maxOptionLen      = 50
)

// cleanWidget validates widget settings and returns them normalised.
func cleanWidget(w kefu.WidgetSettings) (kefu.WidgetSettings, error) {
	var err error
	if w.Color, err = cleanColor("widget.color", w.Color); err != nil {
		return w, err
	}
	if w.AwayMessage, err = cleanText("widget.away_message", w.AwayMessage, maxAwayMessageLen); err != nil {
		return w, err
	}
	if w.Locale != "" && !kefu.ValidLocale(w.Locale) {
		return w, kefu.FieldError("widget.locale", "locale must be empty (the visitor's browser decides), zh-CN or en")
	}
	if w.Translations, err = cleanTranslations(w.Translations); err != nil {
		return w, err
	}
	fields, err := cleanPreChatFields(w.PreChat.Fields)
	w.PreChat.Fields = fields
	return w, err
}

// cleanPreChatFields checks each question is a known one, asked once, and that an inquiry type
// offers choices.
func cleanPreChatFields(in []kefu.PreChatField) ([]kefu.PreChatField, error) {
	out := make([]kefu.PreChatField, 0, len(in))
	seen := map[string]bool{}
	for _, f := range in {
		switch {
		case !slices.Contains(kefu.PreChatFieldNames(), f.Name):
			return nil, kefu.FieldError("widget.pre_chat.fields", "unknown pre-chat field %q: use name, email, phone or inquiry_type", f.Name)
		case seen[f.Name]:
			return nil, kefu.FieldError("widget.pre_chat.fields", "pre-chat field %q is listed twice", f.Name)
		}
		seen[f.Name] = true
		opts, err := cleanOptions(f)
		if err != nil {
			return nil, err
		}
		out = append(out, kefu.PreChatField{Name: f.Name, Required: f.Required, Options: opts})
	}
	return out, nil
}

func cleanOptions(f kefu.PreChatField) ([]string, error) {
	if f.Name != "inquiry_type" {
		if len(f.Options) > 0 {
			return nil, kefu.FieldError("widget.pre_chat.fields", "only inquiry_type takes options")
		}
		return nil, nil
	}
	if len(f.Options) == 0 || len(f.Options) > maxInquiryOptions {
		return nil, kefu.FieldError("widget.pre_chat.fields", "inquiry_type needs 1 to %d options", maxInquiryOptions)
	}
	opts := make([]string, 0, len(f.Options))
	for _, o := range f.Options {
		clean, err := cleanName("widget.pre_chat.fields", o, maxOptionLen)
		if err != nil {
			return nil, err
		}
		opts = append(opts, clean)
	}
	return opts, nil
}
