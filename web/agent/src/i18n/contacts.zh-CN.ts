// 联系人侧栏中渠道相关的简体中文文本：渠道图标名称，以及合并、建议与拆分联系人。键与 contacts.en.ts 相同。
import type contactsEn from './contacts.en';

const contactsZhCN: typeof contactsEn = {
  channelIcon: { web: '网站在线聊天', email: '邮件', telegram: 'Telegram', api: 'API', wechat: '微信', wecom: '企业微信', miniprogram: '微信小程序', other: '其他渠道' },
  contactMerge: {
    conversations: '所有渠道的会话', noConversations: '暂无会话', current: '当前', mergeWith: '与其他联系人合并…',
    suggestions: '可能是同一位客户', merge: '合并', dismiss: '不是同一人', dismissed: '已忽略该建议',
    confirmTitle: '合并联系人', confirm: '将“{other}”合并到“{name}”？其身份与会话将移到这里；两者都有的信息保留本联系人的。此操作可以撤销。',
    merged: '联系人已合并', mergedFrom: '由 {name} 合并而来', undo: '撤销', unmerged: '联系人已重新拆分',
    confirmUndo: '将“{other}”从本联系人中拆分出来？双方将恢复合并前的身份与会话。',
    reasons: { same_email: '邮箱相同', same_phone: '电话相同', same_identity: '其他渠道的身份相同' },
  },
};

export default contactsZhCN;
