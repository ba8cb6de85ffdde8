package admin

import (
	"strings"
	"unicode/utf8"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Limits of an inbox's bot settings; kefu.BotSettings' schema says the same to API clients.
const (
	maxBotName          = 64
	maxBotGreeting      = 1000
	maxBotLowConfidence = 10
	maxBotQueue         = 10000
)

// cleanBotSettings checks an inbox's bot settings and returns them with the texts trimmed.
// Thresholds of 0 take the bot's defaults, so only thresholds both set are compared: a
// suggestion threshold above the answer threshold would never suggest.
func cleanBotSettings(b kefu.BotSettings) (kefu.BotSettings, error) {
	if !b.Mode.Valid() {
		return b, kefu.FieldError("bot.mode", "bot.mode must be empty (off), always, outside_hours or when_busy")
	}
	thresholds := []struct {
		field string
		v     float64
	}{{"bot.answer_threshold", b.AnswerThreshold}, {"bot.suggest_threshold", b.SuggestThreshold}}
	for _, th := range thresholds {
		if !(th.v >= 0 && th.v <= 1) { // also refuses NaN
			return b, kefu.FieldError(th.field, "%s must be 0 (the default) to 1", th.field)
		}
	}
	if b.AnswerThreshold > 0 && b.SuggestThreshold > b.AnswerThreshold {
		return b, kefu.FieldError("bot.suggest_threshold", "bot.suggest_threshold must not be above bot.answer_threshold")
	}
	if b.LowConfidenceLimit < 0 || b.LowConfidenceLimit > maxBotLowConfidence {
		return b, kefu.FieldError("bot.low_confidence_limit", "bot.low_confidence_limit must be 0 (the default) to %d", maxBotLowConfidence)
	}
	if b.QueueThreshold < 0 || b.QueueThreshold > maxBotQueue {
		return b, kefu.FieldError("bot.queue_threshold", "bot.queue_threshold must be 0 to %d", maxBotQueue)
	}
	return cleanBotTexts(b)
}

// cleanBotTexts trims the bot's name (one line) and greeting (lines allowed).
func cleanBotTexts(b kefu.BotSettings) (kefu.BotSettings, error) {
	b.Name = strings.TrimSpace(b.Name)
	if utf8.RuneCountInString(b.Name) > maxBotName {
		return b, kefu.FieldError("bot.name", "bot.name must be at most %d characters", maxBotName)
	}
	if err := checkText("bot.name", b.Name, false); err != nil {
		return b, err
	}
	var err error
	b.Greeting, err = cleanText("bot.greeting", b.Greeting, maxBotGreeting)
	return b, err
}
