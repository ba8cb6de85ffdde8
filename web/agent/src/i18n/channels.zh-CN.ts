// 渠道收件箱的中文文案：新建收件箱时选择渠道、邮件 / Telegram / API 表单及只写的密钥、
// 输入框的渠道限制、客服回复下的投递状态，以及客服的邮件签名。与 channels.en.ts 键相同。
export default {
  channels: {
    pick: '选择渠道',
    pickHint: '收件箱创建后渠道不可更改。',
    kinds: {
      web: { name: '网站聊天', hint: '您网站上的聊天窗口' },
      email: { name: '邮件', hint: '一个邮箱，通过 IMAP 和 SMTP 或转发接入' },
      telegram: { name: 'Telegram', hint: '一个 Telegram 机器人' },
      api: { name: 'API', hint: '其他任何平台，通过您自己的对接程序' },
    },
    create: { web: '新建网页收件箱', email: '新建邮件收件箱', telegram: '新建 Telegram 收件箱', api: '新建 API 收件箱' },
    secret: {
      set: '已设置', notSet: '未设置', change: '更改', keep: '保留当前值',
      writeOnly: '加密保存。kefu 不会再向任何人显示它。',
    },
    email: {
      title: '邮箱', address: '邮箱地址', addressHint: '客户发信到这里，回复也从这里发出。',
      fromName: '发件人名称', fromNameHint: '回复邮件的发件人名称，例如“ACME 客服”。',
      receive: '邮件如何进入 kefu', receiveImap: '由 kefu 收取（IMAP）', receiveForward: '由邮件服务器转发给 kefu',
      forwardHint: '将邮箱转发到 kefu 自带的 SMTP 监听地址（由运维配置 smtp_listen）。',
      imap: '收信服务器（IMAP）', smtp: '发信服务器（SMTP）', host: '服务器', port: '端口', security: '加密方式',
      securities: { tls: 'SSL/TLS', starttls: 'STARTTLS', none: '不加密（仅限本地中继）' },
      username: '用户名', password: '密码', folder: '文件夹', folderHint: '留空即 INBOX。',
      passwordHint: '很多邮箱需要专用密码而非登录密码：QQ 企业邮箱（imap.exmail.qq.com:993，smtp.exmail.qq.com:465）需要授权码；163 邮箱（imap.163.com:993，smtp.163.com:465）需要客户端授权密码；Gmail 需要应用专用密码。',
      trust: '信任此邮箱的发件人地址',
      trustHint: '仅当您的邮件服务器校验 SPF、DKIM 和 DMARC 时开启：发件人将直接归入拥有相同已验证邮箱的联系人，而不只是作为合并建议。',
    },
    telegram: {
      title: '机器人', token: '机器人令牌', tokenHint: "在 {'@'}BotFather 中发送 /newbot，然后复制令牌（123456:ABC-…）。",
      mode: '消息如何进入 kefu', modeWebhook: 'Webhook（kefu 有公网 https 地址）', modePolling: '长轮询（无公网地址）',
      bot: '机器人', botUnknown: '保存令牌后显示',
    },
    api: {
      title: '对接', callback: '回调地址', callbackHint: 'kefu 将客服的回复发送到这里，并用收件箱的密钥签名（Standard Webhooks）。不接受内网和私有地址。',
      inbound: '接收地址', inboundHint: '将客户消息发送到这里，用同一个密钥签名。',
      secret: '签名密钥', secretOnce: '请立即复制此密钥：它不会再次显示。您的对接程序用它签名请求，并校验 kefu 的签名。',
      rotate: '更换密钥', confirmRotate: '生成新的签名密钥？当前密钥将立即失效，您的对接程序必须改用新密钥。',
      rotated: '已生成新密钥',
      dedupe: '每条回复都以 kefu 消息 ID 作为 webhook-id，重试时不变：您的对接程序应跳过已处理过的 ID。',
    },
    composer: {
      noFiles: '此渠道无法接收文件',
      imagesOnly: '此渠道只能接收图片，无法接收其他文件',
      textLimit: '{used} / {max} 字节',
      tooLong: '超出此渠道的长度限制：最多 {max} 字节。',
      fileTooBig: '{name} 超过此渠道允许的大小（{max}）。',
      window: '回复时限：还剩 {left}',
      windowClosed: '回复时限已过：此渠道只接受客户最后一条消息后 {window} 内的回复。客户再次发消息后即可回复。',
      windowUnknown: '回复时限从客户的第一条消息开始计算。',
      repliesLeft: '还可回复 {left} 条（每条客户消息最多 {max} 条）',
      repliesUsed: '已发满 {max} 条：此渠道每条客户消息后最多只接受 {max} 条回复。客户再次发消息后即可回复。',
    },
    delivery: {
      sending: '发送中', sent: '已送达渠道', failed: '发送失败：{reason}', failedNoReason: '发送失败',
      nextAttempt: '{at}重试', attempts: '已尝试 {n} 次', retry: '重试', retried: '正在重新发送',
    },
    signature: { label: '邮件签名', hint: '附在您在邮件收件箱中的回复末尾。', saved: '签名已保存' },
  },
};
