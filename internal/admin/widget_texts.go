package admin

import "github.com/kefu-dev/kefu/internal/kefu"

// cleanTranslations checks the per-language greetings and away messages: known locales only,
// the same limits as the defaults, and languages left with no text dropped so that "no
// translation" has one shape.
func cleanTranslations(in map[string]kefu.WidgetTexts) (map[string]kefu.WidgetTexts, error) {
	out := make(map[string]kefu.WidgetTexts, len(in))
	for locale, texts := range in {
		if !kefu.ValidLocale(locale) {
			return nil, kefu.FieldError("widget.translations", "unknown locale %q: translations are for zh-CN or en", locale)
		}
		clean, err := cleanWidgetTexts("widget.translations."+locale, texts)
		if err != nil {
			return nil, err
		}
		if clean != (kefu.WidgetTexts{}) {
			out[locale] = clean
		}
	}
	return out, nil
}

func cleanWidgetTexts(field string, t kefu.WidgetTexts) (kefu.WidgetTexts, error) {
	var err error
	if t.Greeting, err = cleanText(field+".greeting", t.Greeting, maxGreetingLen); err != nil {
		return t, err
	}
	t.AwayMessage, err = cleanText(field+".away_message", t.AwayMessage, maxAwayMessageLen)
	return t, err
}
