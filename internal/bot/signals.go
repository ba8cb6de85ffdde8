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
	`客服电话|客服热线|给个电话|电话多少|留个电话|有没有电话|打.{0,2}电话|联系方式|rengong|ren gong|zhenren|` +
	`打电话给客服|转客服|接客服|客服在吗|客服呢|在线客服|客服(小姐姐|小哥哥|妹妹|美女|mm)|工作人员|坐席|` +
	`有人吗|有人在|有没有人|人呢|来个人|找个人|换个人|` +
	`不要机器人|别用机器人|机器人别|你是机器人|(跟|和)机器|跟人说|和人说|说人话|找你们(的)?(负责人|经理|主管|老板)`)

// notHumanZH are words that hold 人工 without asking for a person (人工费 is a labour charge).
var notHumanZH = regexp.MustCompile(`人工(费|智能|成本|湖|种植)`)

// humanEN are the ways English customers ask for a person.
var humanEN = regexp.MustCompile(`\b(human|humans|agent|agents|representative|rep|operator|` +
	`real person|live person|actual person|someone real|somebody real|live chat|` +
	`(talk|speak|chat) (to|with) (an? )?(someone|somebody|anyone|person|human|manager|supervisor|staff|support|customer service)|` +
	`(talk|speak|chat) (to|with) (your|the) (manager|supervisor|staff|team|boss)|` +
	`customer (service|support|care) (phone|number|line|team)|phone number for support|call me|` +
	`(phone|telephone) number (i|we) can call|(can|could|may) (i|we) call (you|someone|somebody)|give me a call|` +
	`not a bot|no bots?|stop the bot|is anyone there|anybody there|transfer me|` +
	`(get|find|give) me (an? )?(someone|somebody|person|human|agent)|(someone|somebody) from (customer )?(service|support)|` +
	`(someone|somebody) (to|who can) help|` +
	`connect me (to|with)|(want|need) (a|to talk to a) (real )?person|are you a bot|are you a robot)\b`)

// angerZH are complaints, threats and insults in Chinese.
var angerZH = regexp.MustCompile(`投诉|差评|骗子|骗人|骗钱|诈骗|欺诈|退钱|(^|[^0-9])(12315|315)([^0-9]|$)|律师|报警|起诉|法院|维权|` +
	`消协|消费者协会|工商局|市场监管|曝光|媒体|举报|黑店|黑心|垃圾|坑人|坑爹|什么破|破服务|太差|差劲|态度恶劣|气死|气人|` +
	`滚蛋|滚开|你滚|给我滚|滚出去|滚吧|妈的|他妈|tmd|无语|离谱|什么玩意|敷衍|没人管|没人理|没人回|不理人|` +
	`问了.{0,3}(遍|次)|再也不买|拉黑|退一赔三|假一赔|` +
	`忍无可忍|受够了|太过分|欺负人|无良|恶心|搞什么|有病吧|还我钱|赔钱|给个说法`)

// notAngerZH are words that hold an anger word and say something else: 没退钱 states that a
// refund has not arrived, a question about the refund rather than a demand.
var notAngerZH = regexp.MustCompile(`没(有)?退钱`)

// angerEN are complaints, threats and insults in English.
var angerEN = regexp.MustCompile(`\b(ridiculous|ridiculously|unacceptable|absurd|outrageous|scam|scams|scammers?|` +
	`fraud|frauds|liars?|lying|cheat|cheated|cheaters?|thieves|lawyer|attorney|sue|suing|lawsuit|police|` +
	`complaint|complain|worst|terrible|horrible|awful|appalling|disgrace|shameful|rude|` +
	`furious|livid|angry|pissed|wtf|damn|crap|bullshit|fed up|sick of|had enough|rip ?off|ripped (me )?off|` +
	`disgusting|useless|pathetic|bbb|chargeback|give me my money back|want my money back|never (again|buying)|` +
	`shame on you|incompetent|report you|bad review|(1|one)[ -]star|consumer (association|protection|council)|` +
	`trading standards|ombudsman|small claims|` +
	`(nobody|no one|no-one) (replies|answers|responds|helps|cares)|how many times|` +
	`(asked|told you|contacted you) (\d+|two|three|four|five|several|many) times|` +
	`(this|that|it) is a joke|what a joke|joke of a)\b`)

// AsksForHuman reports whether text asks explicitly for a person.
func AsksForHuman(text string) bool {
	t := foldText(text)
	return humanZH.MatchString(notHumanZH.ReplaceAllString(t, "")) || humanEN.MatchString(t)
}

// Emotion returns "angry" for shouting (all capitals, repeated exclamation) or two anger
// signals, "negative" for one complaint, threat or insult, and "" otherwise.
func Emotion(text string) string {
	t := foldText(text)
	words := angerZH.FindAllStringIndex(notAngerZH.ReplaceAllString(t, " "), -1)
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
