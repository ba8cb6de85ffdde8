package retrieve

import (
	"strings"

	"github.com/kljensen/snowball/english"
	"github.com/mozillazg/go-pinyin"
)

// stopZH are the particles and fillers that carry no topic. They split Chinese runs, so no
// bigram straddles them (我的订单 gives 订单, not 的订).
const stopZH = "的了吗呢啊吧呀哦嘛哈嗯么哎喔诶额呃亲您你我他她它是在有和与及就都也还很请想要"

// functionZH are the Chinese question words, greetings and fillers of more than one character
// (怎么, 可以, 请问, 一下): they say how a customer asks, not what about, so they split runs as
// stop characters do and leave no bigram. Longer forms come first. Concepts are found before
// they are removed, so 什么时候 still reads as "when".
var functionZH = strings.NewReplacer(spaced(functionWordsZH...)...)

// stopPinyin are the toneless pinyin of functionWordsZH (zenme, keyi), stop words for the
// customers who type pinyin.
var stopPinyin = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range functionWordsZH {
		var b strings.Builder
		for _, r := range w {
			if p := pinyin.SinglePinyin(r, pinyinArgs); len(p) > 0 {
				b.WriteString(p[0])
			}
		}
		m[b.String()] = true
	}
	return m
}()

// functionWordsZH are the words functionZH blanks: question words, greetings, politeness,
// pronouns, connectives, and the names customers call a seller by (老板, 掌柜, 小姐姐).
var functionWordsZH = []string{
	"为什么", "怎么样", "怎么办", "可不可以", "能不能", "能否", "是不是", "有没有", "会不会",
	"要不要", "行不行", "好不好", "可以", "怎么", "什么", "如何", "怎样", "一下", "请问", "你好",
	"您好", "在吗", "谢谢", "麻烦", "帮忙", "帮我", "我们", "你们", "他们", "这个", "那个", "这样",
	"那样", "哪里", "哪儿", "哪个", "哪些", "多少", "现在", "已经", "一直", "还是", "然后", "但是",
	"因为", "所以", "如果", "的话", "知道", "告诉", "东西", "一点", "一些", "目前", "到底", "是否",
	"应该", "需要", "这边", "那边", "请教", "咨询", "打扰", "老板", "客官", "小姐姐", "小哥哥",
	"掌柜",
}

// functionChars are Chinese characters that are often words of no topic on their own (能, 会,
// 给). They do not split runs, but when a query's words are told from words no article knows
// (see unknownRuns), they count as known rather than as part of an unknown word.
const functionChars = "能会可该得着过把被给让去来又再才就这那哪些个几多下上里么怎什样谁如何为所以没不好行对太最" +
	"更真挺啦咯噢嘿帮已经刚呗嘞哇咱俺啥咋嗨喂哟吖哒滴噻撒们自己" + "一二三四五六七八九十两零百千万半第每" + "张件次位条份本只双套种"

// commonZH are words of everyday Chinese that say when, how much or how a customer feels,
// not what the question is about (昨天, 明明, 喜欢, 按钮). They are indexed like any word, but
// where no article has them they count as known language, not as a word of something the
// knowledge base lacks (see unknownRuns).
var commonZH = strings.Fields(`
	今天 明天 昨天 前天 后天 今年 去年 明年 上周 下周 本周 这周 上个月 下个月 这个月 本月 月份
	早上 晚上 中午 下午 上午 凌晨 刚才 刚刚 马上 立刻 之前 之后 以后 以前 最近 平时 每天 每次
	当时 那天 半天 好久 很久 天天 一会 周一 周二 周三 周四 周五 小时 分钟
	明明 真的 确实 其实 一定 肯定 可能 大概 差不多 比较 非常 特别 稍微 有点 一起 另外 其他
	别的 直接 赶紧 赶快 尽快 快点 总是 老是 居然 竟然 怎么回事 结果 突然 本来 原来
	喜欢 觉得 感觉 希望 打算 准备 看到 看看 找到 找不到 拿到 点击 点开 显示 出现 发现 确认
	确定 选择 填写 提交 操作 解决 回复 说明 意思 搞 弄 整 试试 试了 用了 买了 买的 收了
	按钮 页面 界面 链接 网页 网站 系统 信息 情况 原因 时间 地方 问题 办法 方法 方式 东西
	朋友 家人 家里 爸爸 妈妈 父母 老人 孩子 同事 自己 别人 大家 一个 一次 一下子
`)

// commonEN are everyday English words of the same kind: counted as known language where no
// article has them, so that they weigh as little as a single Chinese character.
var commonEN = setOf("day time week month year today tomorrow tonight yesterday morning " +
	"evening night hour minute monday tuesday wednesday thursday friday happen wonder mind think " +
	"thought feel love hate put take give bring come came say said ask asked try tried work use " +
	"used buy bought new old first last next little bit lot lots many much less big small good " +
	"bad great fine nice quick quickly later early different another thing item friend family " +
	"mom dad mother father wife husband kid kids people guy help idea kind sort")

// isStopEN reports the English words that carry no topic in a customer's question: Snowball's
// stop list (articles, pronouns, auxiliaries, question words) and the chat words and verbs
// every question uses (please, see, find, check). A word of a concept or phrase (when, sign up)
// still gives its concept before it is dropped.
func isStopEN(w string) bool {
	return english.IsStopWord(w) || stopEN[w] || stopPinyin[w]
}

var stopEN = setOf("a an the is are am was were be been being to of in on at for and or i me my " +
	"mine you your yours we our us it its this that these those do does did done can could would " +
	"should will shall may might must please hi hello hey thanks thank with there any so just some " +
	"get got have has had if about from by what want need know tell pls im he she his her him they " +
	"them their where how which who whom why when see find look check go going make let ok okay " +
	"still yet now already one something anything stuff thing things way also too really very " +
	"here then than all not no yes like mean possible able up out back off over into again ever " +
	"even anymore guys folks someone anyone oh well hmm ah sure right sorry dear sir madam many " +
	"much lot lots bit little kind sort cannot wanna")

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// spaced pairs each word with a space, for a replacer that blanks them.
func spaced(words ...string) []string {
	out := make([]string, 0, 2*len(words))
	for _, w := range words {
		out = append(out, w, " ")
	}
	return out
}
