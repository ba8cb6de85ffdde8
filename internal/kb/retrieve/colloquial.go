package retrieve

import "strings"

// colloquialZH rewrites the spoken and internet forms of Chinese question words into the forms
// articles are written in. Longer forms come first: the replacer tries them in this order at
// each position. The table is documented in docs/bot.md.
var colloquialZH = strings.NewReplacer(
	"咋整", "怎么办", "咋办", "怎么办", "肿么", "怎么", "咋", "怎么", "神马", "什么",
	"啥", "什么", "木有", "没有", "米有", "没有", "没得", "没有", "莫有", "没有",
	"蓝后", "然后", "酱紫", "这样子", "介个", "这个", "童鞋", "同学", "亲们", "",
	"为毛", "为什么", "为嘛", "为什么", "多钱", "多少钱", "几多钱", "多少钱",
	"快递费", "运费", "邮费", "运费", "发货没", "发货了没", "到哪了", "到哪里了",
)

// colloquialEN maps English short forms and chat spellings, word by word, to full words; an
// empty word is dropped (asap says nothing about which article is meant). Negated auxiliaries
// become "not", a stop word that phrases of the lexicon can hold (not what i ordered).
var colloquialEN = map[string]string{
	"pls": "please", "plz": "please", "u": "you", "ur": "your", "r": "are", "y": "why",
	"thx": "thanks", "ty": "thanks", "pw": "password", "pwd": "password", "passwd": "password",
	"acct": "account", "acc": "account", "addr": "address", "msg": "message", "wanna": "want",
	"gonna": "going", "cant": "cannot", "can't": "cannot", "dont": "not", "don't": "not",
	"wont": "not", "won't": "not", "im": "i", "i'm": "i", "hw": "how", "abt": "about",
	"b4": "before", "tmr": "tomorrow", "tmrw": "tomorrow", "2day": "today", "asap": "", "pls.": "please",
	"qty": "quantity", "amt": "amount", "info": "information", "num": "number", "no.": "number",
	"cc": "card", "recieve": "receive", "recieved": "received", "wat": "what", "wht": "what",
	"hv": "have", "pkg": "package", "pkgs": "packages", "e-mail": "email", "mail": "email",
	"whats": "what", "wheres": "where", "hows": "how", "whens": "when", "isnt": "not", "didnt": "not",
	"doesnt": "not", "doesn't": "not", "isn't": "not", "didn't": "not", "wasnt": "not", "arent": "not",
	"havent": "not", "hasnt": "not", "haven't": "not", "hasn't": "not",
}

// normalize folds s and rewrites its Chinese colloquialisms; English words are mapped one by
// one in the tokenizer, where word boundaries are known.
func normalize(s string) string {
	return colloquialZH.Replace(fold(s))
}
