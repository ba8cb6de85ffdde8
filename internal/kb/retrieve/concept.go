package retrieve

// Customers and articles name one thing in different words (碎了 / 破损, smashed / damaged,
// 打错 / 填错, undo / cancel). A concept groups the words that mean one thing; every text holding
// any of them also gets the concept's own term, on the article side and the query side alike,
// so a paraphrase that shares no word with an article still shares its concept. A concept term
// weighs its idf like any term, so a concept present in many articles says little.
//
// conceptWords is a general customer-service lexicon: the vocabulary any shop or school has
// for orders, payment, invoices, delivery, after-sales, accounts, membership, products and
// courses, in both languages, so that a question mixing English into Chinese (cancel order
// 怎么弄) meets an article of the other language's words. It is never written from one
// knowledge base's questions; what belongs to one organisation (its product names) is passed in
// as SynonymGroups. Each value is "中文 词语 | english, words, multi word phrases"; docs/bot.md
// lists it.
var conceptWords = map[string]string{
	// Orders.
	"order":    "订单 下单 单子 拍下 购买记录 | order, purchase",
	"cancel":   "取消 撤销 撤单 撤回 不想要 不要了 不想买 不买了 | cancel, undo, withdraw, revoke, call off, changed my mind, not want, no longer want",
	"status":   "状态 进度 哪一步 到哪 进展 处理了 | status, progress, update on",
	"change":   "改 修改 更改 变更 更换 换成 换个 调整 | change, update, edit, modify, amend, alter, correct, switch",
	"mistake":  "错 打错 写错 填错 拍错 下错 买错 选错 不对 有误 | wrong, mistake, typo, incorrect, accident, accidentally, by mistake, not what i ordered",
	"address":  "地址 收货人 收件人 收货信息 收件信息 邮编 | address, recipient, zip, postcode, postal code",
	"quantity": "数量 件数 几件 几个 几盒 | quantity",
	// Payment.
	"pay":        "付 支付 付款 付钱 买单 结账 结算 转账 刷卡 扣款 扣钱 扣费 | pay, payment, checkout, transfer, charge, paid",
	"card":       "银行卡 信用卡 储蓄卡 借记卡 银联 | card, visa, mastercard, amex, unionpay, credit, debit",
	"wallet":     "支付宝 微信支付 微信付 花呗 云闪付 余额 | alipay, paypal, wechat pay, apple pay, huabei, wallet, balance",
	"instalment": "分期 | instalment, installment, in installments",
	"failure":    "失败 不成功 出错 错误 异常 报错 转圈 卡住 | fail, failure, error, declined, decline, reject, doesnt work, not working, go through",
	"price":      "多少钱 价格 价钱 费用 收费 学费 贵 几块 | price, cost, fee, how much, expensive, tuition",
	"cheaper":    "便宜 降价 差价 降了 掉价 价保 保价 价格保护 | cheaper, price drop, lower, on sale, price match, price protection",
	"discount":   "优惠 折扣 打折 几折 满减 红包 券 | discount, coupon, promo, voucher, promo code, deal",
	// Invoices.
	"invoice": "发票 开票 专票 普票 收据 报销 | invoice, fapiao, receipt, vat, expense, expenses",
	"taxinfo": "税号 抬头 纳税人 | tax id, tax number, company name, invoice title",
	"reissue": "重开 换开 红冲 作废 重新开 | reissue, redo, void, new invoice",
	// Delivery.
	"ship":     "发货 寄出 发出 出库 寄 发走 | ship, send, dispatch, post, go out",
	"track":    "物流 快递 单号 包裹 运单 快递员 | track, tracking, parcel, package, courier, tracking number",
	"delay":    "延误 不动 没更新 不更新 没动 停了 迟迟 太慢 好慢 还没到 没到 | delay, stuck, late, slow, not moving, no movement, hasnt moved, not here",
	"receive":  "收到 到手 签收 送到 送达 | receive, arrive, arrival, delivered, delivery, got",
	"shipfee":  "运费 包邮 免邮 免运费 | shipping fee, shipping cost, postage, free shipping, delivery charge",
	"abroad":   "国外 海外 境外 国际 港澳台 香港 澳门 台湾 美国 英国 加拿大 澳洲 澳大利亚 日本 韩国 新加坡 马来西亚 德国 法国 | abroad, overseas, international, hong kong, hk, macau, taiwan, usa, us, uk, canada, australia, japan, korea, singapore, malaysia, germany, france, europe",
	"remote":   "偏远 乡镇 农村 村里 山区 | remote, rural, village, countryside",
	"express":  "顺丰 中通 圆通 韵达 申通 邮政 京东快递 次日达 | sf express, ems, next day, express",
	"doorstep": "送货上门 上门 驿站 快递柜 代收 | doorstep, pickup point, locker, door",
	// After-sales.
	"return":   "退货 退回 寄回 退掉 退了 退回去 能退 可退 给退 包退 退不退 | return, returnable, send back, send it back",
	"refund":   "退款 退费 退钱 到账 退回来 | refund, money back, reimburse",
	"exchange": "换货 调换 换一个 | exchange, replacement, replace, swap, trade",
	"damage":   "碎 裂 破 烂 凹 瘪 摔 压扁 破损 损坏 坏了 受潮 潮湿 漏气 | broken, broke, crack, smash, shatter, dent, crush, damage, leak, damp, wet, moist, torn, tear",
	"missing":  "少了 少发 漏发 缺了 缺少 少一 | missing, short, left out",
	"lost":     "丢了 丢件 丢失 没收到 | lost, never arrived, never received",
	"quality":  "质量 有问题 次品 瑕疵 异味 发霉 | quality, defect, defective, faulty, smell",
	"unsealed": "拆封 拆开 打开 开封 剪开 撕开 开袋 开过 未拆 | unopened, sealed, unsealed, seal, opened it, been opened, already opened",
	"photo":    "照片 拍照 图片 视频 | photo, picture, video",
	// Accounts.
	"login":    "登录 登陆 登入 进不去 登不上 | login, log in, signin, sign in, get in",
	"register": "注册 开户 | register, registration, create account, sign up, new account",
	"code":     "验证码 短信 校验码 | code, sms, otp, verification, text message",
	"password": "密码 | password, passcode, pin",
	"locked":   "锁 冻结 封号 | locked, lock, frozen, suspended, blocked",
	"phone":    "手机 手机号 号码 电话 | phone, mobile, number, cellphone",
	"delete":   "删 删除 注销 销户 | delete, remove, wipe, erase, close my account",
	"account":  "账号 账户 帐号 帐户 | account, profile",
	"privacy":  "个人信息 隐私 数据 | data, privacy, personal information",
	// Membership and loyalty.
	"member":       "会员 等级 | member, membership, vip, tier, perk, level",
	"subscription": "订阅 包月 每月 每个月 月度 续费 | subscription, subscribe, monthly, sub, renew, renewal",
	"points":       "积分 | point, reward",
	// Gifts and business customers.
	"gift":   "礼物 礼盒 送人 送礼 礼品 | gift, present, wrap, wrapping",
	"note":   "贺卡 卡片 留言 祝福 | greeting card, note, message",
	"bulk":   "公司 企业 团购 批发 大量 采购 批量 进货 拿货 | company, corporate, business, bulk, wholesale, enterprise",
	"custom": "定制 订制 刻字 印logo | custom, customise, customize, personalised, personalized, engraved, logo",
	// Products.
	"genuine":    "正品 正宗 假货 真假 假的 是假 假冒 仿冒 山寨 | genuine, authentic, fake, counterfeit, real",
	"expire":     "保质期 过期 变质 生产日期 | expire, expiry, shelf life, expiration, stale, go bad, gone bad, goes bad, go off, still good, good for, best before, use by",
	"keep":       "存 保存 储存 存放 冷藏 冰箱 | keep, storage, fresh, fridge",
	"ingredient": "过敏 配料 成分 添加剂 | allergy, allergic, allergen, ingredient, additive, artificial, preservative, flavouring, flavoring, colouring, coloring",
	"recommend":  "推荐 适合 选哪 哪款 卖得最好 热卖 爆款 | recommend, suggest, best, bestseller, popular",
	"sample":     "试用 试吃 试喝 试饮 小样 样品 | sample, trial, tester, try before",
	"stock":      "补货 缺货 没货 有货 断货 到货 售罄 卖完 | restock, stock, sold out, available, back in stock",
	"size":       "规格 尺码 大小 容量 克 斤 毫升 | size, spec, gram, kg, ml, weight",
	"colour":     "变色 发黄 发黑 褪色 掉色 | discolour, discolor, discoloured, discolored, faded, fade, turned yellow, changed colour, changed color",
	"clean":      "清洗 清洁 洗 干净 污渍 渍 | clean, wash, stain, dishwasher, detergent, soap",
	// The shop.
	"open":    "营业 开门 关门 几点 | open, hours, close, opening hours",
	"store":   "门店 实体店 线下店 分店 店铺地址 | physical store, branch, shop address, location, located",
	"holiday": "周末 周六 周日 星期 节假日 假期 春节 过年 国庆 | weekend, saturday, sunday, holiday, christmas, new year",
	// Courses and classes.
	"course":      "课程 上课 听课 网课 课 | course, class, lesson",
	"schedule":    "课表 开班 开课 | schedule, timetable, intake, start date",
	"live":        "直播 | live, livestream, stream",
	"replay":      "回放 回看 重播 录播 录像 | replay, recording, rewatch, playback",
	"enrol":       "报名 报班 | enroll, enrol, sign up, registration",
	"certificate": "证书 结业 证 | cert, certificate, diploma, qualification",
	"transfer":    "转班 换班 延期 | transfer, switch class, defer, postpone",
	"missed":      "错过 没赶上 没看到 漏看 缺课 | missed, miss, couldnt make, could not attend",
	// Time.
	"when": "多久 几天 多长 时候 何时 几号 几时 哪天 | when, soon, how long, till, until, how many days",
}
