package retrieve

import (
	"strings"

	"golang.org/x/text/width"
)

// traditional maps the traditional characters that customer questions most often carry to
// their simplified forms. A full converter (OpenCC) ships megabytes of dictionaries; these
// characters are the ones seen in shop and school questions, and folding them is safe because
// each maps one to one.
var traditional = strings.NewReplacer(
	"貨", "货", "訂", "订", "單", "单", "發", "发", "運", "运", "費", "费", "錢", "钱",
	"帳", "账", "賬", "账", "號", "号", "碼", "码", "員", "员", "問", "问", "題", "题",
	"麼", "么", "說", "说", "還", "还", "換", "换", "點", "点", "價", "价", "會", "会",
	"買", "买", "賣", "卖", "寄", "寄", "遞", "递", "聯", "联", "繫", "系", "係", "系",
	"誤", "误", "時", "时", "間", "间", "郵", "邮", "課", "课", "學", "学", "優", "优",
	"惠", "惠", "券", "券", "開", "开", "關", "关", "實", "实", "際", "际", "這", "这",
	"個", "个", "們", "们", "為", "为", "麽", "么", "張", "张", "處", "处", "辦", "办",
	"補", "补", "轉", "转", "電", "电", "話", "话", "碼", "码", "過", "过", "銀", "银",
	"卡", "卡", "收", "收", "據", "据", "稅", "税", "務", "务", "讓", "让", "沒", "没",
	"嗎", "吗", "幫", "帮", "請", "请", "謝", "谢", "裡", "里", "裏", "里", "後", "后",
	"減", "减", "價", "价", "領", "领", "師", "师", "聽", "听", "試", "试", "報", "报",
	"廠", "厂", "團", "团", "壞", "坏", "損", "损", "質", "质", "貼", "贴", "驗", "验",
	"證", "证", "冊", "册", "註", "注", "密", "密", "碼", "码", "網", "网", "頁", "页",
)

// fold makes text comparable: full-width letters, digits and punctuation become half width,
// letters become lower case, and common traditional characters become simplified.
func fold(s string) string {
	return strings.ToLower(traditional.Replace(width.Fold.String(s)))
}
