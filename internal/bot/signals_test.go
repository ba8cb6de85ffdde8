package bot

import "testing"

func TestAsksForHuman(t *testing.T) {
	for _, s := range []string{"人工", "转人工", "人工客服", "找客服", "我要真人", "客服电话多少", "有没有活人",
		"ＨＵＭＡＮ", "Human please", "can I talk to someone", "get me an agent", "representative",
		"speak with a person", "rengong", "机器人别回了", "find me somebody", "someone from support pls",
		"connect me with staff", "i need a real person", "are you a bot?"} {
		if !AsksForHuman(s) {
			t.Errorf("AsksForHuman(%q) = false", s)
		}
	}
	for _, s := range []string{"怎么退货", "where is my package", "humanity", "客户端怎么下载", "how do i connect my wechat", "is a person allowed two coupons"} {
		if AsksForHuman(s) {
			t.Errorf("AsksForHuman(%q) = true", s)
		}
	}
}

func TestEmotion(t *testing.T) {
	cases := map[string]string{
		"我要投诉": "negative", "给差评": "negative", "打12315": "negative", "this is ridiculous": "negative",
		"leaving a one-star review": "negative", "what a joke": "negative", "you ripped me off": "negative",
		"骗子！退钱": "angry", "WHERE IS MY ORDER": "angry", "退钱！！！": "angry", "why?!": "angry",
		"怎么退货": "", "where is my order": "", "OK": "", "thanks!": "", "5 star tea": "", "is the joke mug back": "", "USB cable": "",
		"绿茶能用滚水泡吗": "", "滚烫的水会不会泡坏": "", "你给我滚": "negative",
	}
	for in, want := range cases {
		if got := Emotion(in); got != want {
			t.Errorf("Emotion(%q) = %q, want %q", in, got, want)
		}
	}
}
