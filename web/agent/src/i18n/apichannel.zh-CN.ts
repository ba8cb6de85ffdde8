// API 渠道收件箱设置（ApiChannelSettings.vue）的中文文案；与 apichannel.en.ts 键相同。
export default {
  apiChannel: {
    title: 'API 渠道',
    intro: '您的集成把客户消息推送到 kefu，并在回调地址接收客服的回复。双向请求都用本收件箱的密钥签名（Standard Webhooks），详见 docs/channels.md。',
    endpoint: '接收地址',
    callback: '回调地址',
    noCallback: '未设置：回复无法送达',
    secret: '签名密钥',
    secretSet: '已设置（仅在创建或轮换时显示）',
    secretMissing: '未设置',
    rotate: '轮换密钥',
    rotateConfirm: '生成新的签名密钥？此后用当前密钥签名的请求将被拒绝，回调也改用新密钥签名：请立即更新您的集成。',
    shownOnce: '请立即复制密钥：kefu 不会再次显示。',
    dedupe: '每条回复都以 kefu 消息 ID 作为 webhook-id，重试时保持不变：您的集成应跳过已发送过的 ID。',
  },
};
