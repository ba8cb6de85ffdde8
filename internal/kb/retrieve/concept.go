package retrieve

import "strings"

// Customers and articles name one thing in different words (碎了 / 破损, smashed / damaged,
// 打错 / 填错, undo / cancel). A concept groups the words of the customer-service domain that
// mean one thing; every term that belongs to one also indexes the concept's own term, on the
// article side and the query side alike, so a paraphrase that shares no word with an article
// still shares its concept. The table is small and general — words of shops and classes, not of
// one knowledge base — and docs/bot.md lists it. A concept term weighs its idf like any term, so
// a concept present in many articles says little.
var conceptWords = map[string]string{
	"damage":      "碎 裂 破 烂 凹 瘪 摔 压扁 破损 损坏 坏了 受潮 漏气 | broken broke crack smash shatter dent crush damage leak damp",
	"missing":     "少了 少发 漏发 缺了 没收到 丢了 | missing short lost",
	"mistake":     "错 打错 写错 填错 拍错 下错 买错 不对 | wrong mistake typo incorrect accident",
	"change":      "改 修改 更改 变更 换成 换个 | change update edit modify correct switch swap",
	"cancel":      "取消 撤销 撤单 不想要 不要了 退订 | cancel undo withdraw unsubscribe",
	"when":        "多久 几天 多长 时候 何时 几号 几时 | when soon long till until",
	"price":       "多少钱 价格 价钱 费用 收费 学费 贵 | price cost fee much expensive",
	"cheaper":     "便宜 降价 差价 降了 | cheaper lower drop sale",
	"pay":         "付 支付 付款 转账 刷卡 扣款 | pay payment checkout transfer charge",
	"ship":        "发货 寄出 发出 出库 寄 | ship send dispatch post",
	"track":       "物流 快递 单号 包裹 运单 | track tracking parcel package courier",
	"abroad":      "国外 海外 境外 港澳台 香港 澳门 台湾 偏远 | abroad overseas international hk macau taiwan",
	"login":       "登录 登陆 进不去 | login log signin",
	"delete":      "删 删除 注销 | delete remove wipe erase",
	"genuine":     "正品 正宗 假 真假 | genuine authentic fake counterfeit real",
	"keep":        "存 保存 储存 存放 | store keep storage fresh",
	"brew":        "泡 冲 沏 | brew steep infuse",
	"open":        "营业 开门 关门 | open hours close",
	"phone":       "手机 手机号 号码 电话 | phone mobile number",
	"discount":    "优惠 折扣 打折 | discount coupon promo",
	"bulk":        "公司 企业 团购 批发 大量 采购 | company corporate business bulk wholesale",
	"gift":        "礼物 礼盒 送人 送礼 | gift present",
	"sleep":       "睡 失眠 咖啡因 提神 | caffeine sleep awake",
	"certificate": "证书 结业 | cert certificate diploma",
	"replay":      "回放 回看 重播 录播 | replay recording rewatch",
	"enrol":       "报名 报班 | enroll enrol signup register",
	"stock":       "补货 缺货 没货 断货 到货 | restock stock soldout available",
	"sample":      "试喝 试饮 小样 | sample try taste trial",
	"code":        "验证码 短信 | code sms otp verification",
	"clean":       "洗 清洗 茶渍 茶垢 干净 | clean wash stain dishwasher",
	"expire":      "保质期 过期 变质 发霉 | expire shelf mold moldy mould stale",
	"ingredient":  "过敏 配料 成分 添加 | allergy allergic allergen ingredient additive artificial flavour flavor",
	// Nouns of the domain, so that a question mixing English into Chinese (cancel order 怎么弄,
	// invoice 怎么开) meets the articles of the other language's words.
	"order":        "订单 下单 | order",
	"invoice":      "发票 开票 | invoice fapiao receipt",
	"refund":       "退款 退费 到账 | refund",
	"return":       "退货 退回 寄回 | return returnable",
	"exchange":     "换货 | exchange",
	"address":      "地址 收货人 收件人 | address recipient",
	"password":     "密码 | password",
	"account":      "账号 账户 帐号 | account",
	"points":       "积分 | point",
	"member":       "会员 等级 | member membership vip tier perk",
	"course":       "课程 茶课 上课 听课 | course class lesson",
	"card":         "银行卡 信用卡 | card visa mastercard credit debit",
	"wallet":       "支付宝 微信支付 花呗 | alipay paypal",
	"schedule":     "课表 开班 开课 | schedule timetable intake",
	"status":       "状态 进度 哪一步 到哪 | status progress happening",
	"weekend":      "周末 周六 周日 星期 节假日 | weekend saturday sunday holiday",
	"hour":         "几点 | hour time",
	"subscription": "订阅 包月 每月 每个月 月度 | subscription subscribe monthly sub",
	"weight":       "克 斤 | gram",
	"recommend":    "推荐 适合 卖得最好 | recommend suggest best bestseller popular",
}

// concepts is the table read once: Chinese words, found anywhere in the folded text (a
// particle may sit inside one: 坏了), and English words after stemming, matched as terms.
var conceptsZH, conceptsEN = buildConcepts(conceptWords)

func buildConcepts(table map[string]string) (zh []conceptWord, en map[token]token) {
	en = map[token]token{}
	for name, words := range table {
		zhWords, enWords, _ := strings.Cut(words, "|")
		for _, w := range strings.Fields(zhWords) {
			zh = append(zh, conceptWord{w, conceptPrefix + name})
		}
		for _, w := range strings.Fields(enWords) {
			en[stem(w)] = conceptPrefix + name
		}
	}
	return zh, en
}

// conceptWord is a Chinese word of a concept and the concept's term.
type conceptWord struct{ word, term string }

// conceptPrefix marks a concept term; no word can start with it, so it never meets a real term.
const conceptPrefix = "~"

// appendConcepts adds to ts the concept terms of the folded text s and of its English terms.
func appendConcepts(ts []token, s string) []token {
	for _, t := range ts {
		if c, ok := conceptsEN[t]; ok {
			ts = append(ts, c)
		}
	}
	for _, cw := range conceptsZH {
		if strings.Contains(s, cw.word) {
			ts = append(ts, cw.term)
		}
	}
	return ts
}
