package bot

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// The hand-off signals are matched on folded text (half width, lower case), so 转人工,
// ＨＵＭＡＮ and Human are one signal. They are deliberately phrase lists, not a classifier:
// an operator can read them, and every variant has a test.

// humanZH are the ways Chinese customers ask for a person.
var humanZH = regexp.MustCompile(`人工|真人|活人|找人|找客服|叫.{0,4}客服|要客服|联系客服|客服出来|` +
	`客服电话|客服热线|给个电话|电话多少|rengong|ren gong|zhenren|` +
	`打电话给客服|转客服|接客服|客服在吗|客服呢|在线客服|有人吗|有没有人|来个人|找个人|换个人|` +
	`不要机器人|别用机器人|机器人别|你是机器人|(跟|和)机器|跟人说|和人说|找你们(的)?(负责人|经理|主管)`)

// humanEN are the ways English customers ask for a person.
var humanEN = regexp.MustCompile(`\b(human|humans|agent|agents|representative|rep|operator|` +
	`real person|live person|actual person|someone real|somebody real|live chat|` +
	`(talk|speak|chat) (to|with) (someone|somebody|anyone|a person|a manager|your manager|a supervisor|staff|support)|` +
	`customer (service|support) (phone|number|line)|phone number for support|call me|` +
	`not a bot|no bots?|stop the bot|is anyone there|anybody there|transfer me|` +
	`(get|find|give) me (someone|somebody|a person)|(someone|somebody) from (customer )?(service|support)|` +
	`connect me (to|with)|(want|need) (a|to talk to a) (real )?person|are you a bot)\b`)

// angerZH are complaints, threats and insults in Chinese.
var angerZH = regexp.MustCompile(`投诉|差评|骗子|骗人|骗钱|诈骗|退钱|12315|律师|报警|起诉|法院|` +
	`消协|消费者协会|工商局|曝光|举报|黑店|垃圾|坑人|坑爹|什么破|太差|气死|滚蛋|滚开|你滚|给我滚|滚出去|滚吧|妈的|他妈|tmd|` +
	`忍无可忍|受够了|太过分|欺负人|无良|恶心|搞什么|有病吧|还我钱|赔钱|给个说法`)

// angerEN are complaints, threats and insults in English.
var angerEN = regexp.MustCompile(`\b(ridiculous|unacceptable|scam|scammers?|fraud|lawyer|` +
	`attorney|sue|suing|lawsuit|police|complaint|complain|worst|terrible|horrible|awful|` +
	`furious|angry|pissed|wtf|fed up|rip ?off|ripped (me )?off|disgusting|useless|pathetic|` +
	`bbb|chargeback|give me my money back|want my money back|never (again|buying)|` +
	`shame on you|incompetent|outrageous|report you|bad review|(1|one)[ -]star|` +
	`(this|that|it) is a joke|what a joke|joke of a)\b`)

// AsksForHuman reports whether text asks explicitly for a person.
func AsksForHuman(text string) bool {
	t := foldText(text)
	return humanZH.MatchString(t) || humanEN.MatchString(t)
}

// Emotion returns "angry" for shouting (all capitals, repeated exclamation) or two anger
// signals, "negative" for one complaint, threat or insult, and "" otherwise.
func Emotion(text string) string {
	t := foldText(text)
	words := angerZH.FindAllStringIndex(t, -1)
	words = append(words, angerEN.FindAllStringIndex(t, -1)...)
	switch {
	case shouting(text) || len(words) >= 2:
		return "angry"
	case len(words) == 1:
		return "negative"
	}
	return ""
}

// shouting reports an exclamation repeated (!!, ！！！) or a message of several words in
// capitals: the written forms of raising one's voice.
func shouting(text string) bool {
	t := width.Fold.String(text)
	if strings.Contains(t, "!!") || strings.Contains(t, "?!") || strings.Contains(t, "!?") {
		return true
	}
	var upper, letters, words int
	for _, w := range strings.Fields(t) {
		if u, l := capitals(w); l >= 2 {
			upper, letters, words = upper+u, letters+l, words+1
		}
	}
	return words >= 2 && letters >= 8 && upper*10 >= letters*9
}

// capitals counts the upper-case and all Latin letters of w.
func capitals(w string) (upper, letters int) {
	for _, r := range w {
		if r < unicode.MaxASCII && unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	return upper, letters
}

func foldText(s string) string {
	return strings.ToLower(width.Fold.String(s))
}
