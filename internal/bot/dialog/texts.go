package dialog

import (
	"strings"
	"unicode"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// What the bot says, per locale. Article text comes from the knowledge base; these are the
// bot's own words.
type texts struct {
	name, greeting, rephrase, suggest, handoff, thanks, related string
}

var zhTexts = texts{
	name:     "智能助手",
	greeting: "您好，我是智能助手，请问有什么可以帮您？随时可以输入“转人工”联系客服。",
	rephrase: "抱歉，我没有理解您的问题，可以换个说法吗？",
	suggest:  "您是不是想问：",
	handoff:  "正在为您转接人工客服，请稍候……",
	thanks:   "很高兴能帮到您！还有其他问题随时问我。",
	related:  "相关问题：",
}

var enTexts = texts{
	name:     "Assistant",
	greeting: "Hi, I'm the assistant. What can I help you with? Type \"human\" any time to reach a person.",
	rephrase: "Sorry, I didn't get that. Could you say it another way?",
	suggest:  "Did you mean:",
	handoff:  "Connecting you to a person, one moment…",
	thanks:   "Glad I could help! Ask me anything else any time.",
	related:  "Related:",
}

// textsFor picks the bot's words for a locale: Chinese for zh*, English otherwise.
func textsFor(locale string) texts {
	if strings.HasPrefix(strings.ToLower(locale), "zh") {
		return zhTexts
	}
	return enTexts
}

// localeOf is the language the bot answers a message in: Chinese when it has Han characters,
// else English when it has Latin letters, else the conversation's language, else the
// fallback (the organisation's locale).
func localeOf(text, convLanguage, fallback string) string {
	hasLatin := false
	for _, r := range text {
		if unicode.Is(unicode.Han, r) {
			return kefu.LocaleZhCN
		}
		hasLatin = hasLatin || unicode.In(r, unicode.Latin)
	}
	switch {
	case hasLatin:
		return kefu.LocaleEn
	case convLanguage != "":
		return kbLocale(convLanguage)
	}
	return kbLocale(fallback)
}

// kbLocale maps a language tag to the knowledge base's locales.
func kbLocale(tag string) string {
	if strings.HasPrefix(strings.ToLower(tag), "zh") {
		return kefu.LocaleZhCN
	}
	return kefu.LocaleEn
}

// botName is the name the inbox's bot signs with.
func botName(s kefu.BotSettings, t texts) string {
	if name := strings.TrimSpace(s.Name); name != "" {
		return name
	}
	return t.name
}

// Greeting is the message an inbox's bot opens a conversation it takes with, in the language of
// the customer's first message, else the visitor's locale: the inbox's own greeting when set.
// conversation.Options.BotGreeting takes it.
func Greeting(inbox *kefu.Inbox, locale, firstText string) *kefu.Message {
	t := textsFor(localeOf(firstText, locale, locale))
	text := strings.TrimSpace(inbox.Bot.Greeting)
	if text == "" {
		text = t.greeting
	}
	return botMessage(inbox.Bot, t, text, &kefu.BotCard{Action: kefu.BotCardGreeting})
}

// botMessage is a bot's text message with its card.
func botMessage(s kefu.BotSettings, t texts, text string, card *kefu.BotCard) *kefu.Message {
	return &kefu.Message{SenderType: kefu.SenderBot, SenderID: "bot", SenderName: botName(s, t), Kind: kefu.KindText,
		Content: text, Bot: card}
}
