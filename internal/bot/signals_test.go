package bot

import "testing"

func TestAsksForHuman(t *testing.T) {
	for _, s := range []string{"人工", "转人工", "人工客服", "找客服", "我要真人", "客服电话多少", "有没有活人",
		"ＨＵＭＡＮ", "Human please", "can I talk to someone", "get me an agent", "representative",
		"speak with a person", "rengong", "机器人别回了", "find me somebody", "someone from support pls",
		"connect me with staff", "i need a real person", "are you a bot?", "叫个客服小姐姐", "让工作人员联系我",
		"帮我接人工坐席", "有人在吗", "人呢？", "留个电话吧", "能打电话吗", "我要找你们老板", "说人话",
		"can i call you", "give me a call", "talk to a human", "i want someone who can help", "speak with your manager"} {
		if !AsksForHuman(s) {
			t.Errorf("AsksForHuman(%q) = false", s)
		}
	}
	for _, s := range []string{"怎么退货", "where is my package", "humanity", "客户端怎么下载", "how do i connect my wechat", "is a person allowed two coupons",
		"人工费怎么算", "收货人电话写错了", "change the phone number on my account", "how do i call the tea course"} {
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
		"仓库收到退货了 还没退钱": "", "怎么还没有退钱": "", "赶紧退钱": "negative", "315晚会见": "negative", "订单13150号": "",
		"问了三遍了没人管": "angry", "态度恶劣": "negative", "无语": "negative", "nobody replies": "negative",
		"ive asked 4 times": "negative", "you are liars": "negative", "sick of this": "negative",
		"consumer protection will hear about this": "negative",
	}
	for in, want := range cases {
		if got := Emotion(in); got != want {
			t.Errorf("Emotion(%q) = %q, want %q", in, got, want)
		}
	}
}
