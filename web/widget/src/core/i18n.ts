// The widget's words in zh-CN and en. The language comes from the inbox setting, else the
// browser, and setLocale overrides both.

const en = {
  openChat: 'Open chat',
  closeChat: 'Close chat',
  dismiss: 'Dismiss',
  title: 'Chat with us',
  online: 'We are online',
  offline: 'We are away',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting… your messages will be sent when the connection is back.',
  placeholder: 'Type a message…',
  send: 'Send',
  attach: 'Attach a file',
  emoji: 'Insert emoji',
  removeFile: 'Remove file',
  sending: 'Sending',
  sent: 'Sent',
  read: 'Read',
  failed: 'Not sent. Tap to retry',
  waiting: 'Waiting for the connection… it will be sent when you are back online',
  youOffline: 'You are offline',
  typing: '{name} is typing…',
  someone: 'Someone',
  you: 'You',
  older: 'Load earlier messages',
  messages: 'Messages',
  greeting: 'Hi! How can we help you?',
  away: 'No one is available right now. Leave a message and we will get back to you.',
  queue: 'You are number {n} in the queue',
  wait: ' · about {m} min',
  backAt: "We're back at {time} ({day}).",
  backAtToday: "We're back at {time}.",
  tooBig: '{file} is too large (limit {max} MB).',
  badType: '{file} cannot be sent: this file type is not supported.',
  uploadFailed: 'Upload of {file} failed.',
  uploading: 'Uploading {file}: {p}%',
  name: 'Name',
  email: 'Email',
  phone: 'Phone',
  inquiry_type: 'Topic',
  message: 'Message',
  required: 'Please fill in {field}.',
  invalidEmail: 'Please enter a valid email address.',
  start: 'Start chat',
  prechatIntro: 'Please tell us a little about yourself.',
  offlineIntro: 'We are away right now. Leave us a message and we will reply by email or phone.',
  leaveMessage: 'Send message',
  offlineThanks: 'Thanks! We received your message and will get back to you.',
  needContact: 'Please leave an email address or a phone number so we can reply.',
  replyByEmail: "We're away right now. We'll reply by email to {email}.",
  replyByPhone: "We're away right now. We'll get back to you by phone at {phone}.",
  replyHere: "We're away right now. Our reply will appear here the next time you visit.",
  choose: 'Choose…',
  rateTitle: 'How did we do?',
  rateStar: '{n} of 5',
  comment: 'Comment (optional)',
  submit: 'Submit',
  thanks: 'Thank you for your feedback!',
  refused: 'This chat is not available on this site.',
  failedLoad: 'The chat could not be loaded.',
  newMessage: 'New message',
  close: 'Close',
};

type Dict = typeof en;

const zh: Dict = {
  openChat: '打开在线客服',
  closeChat: '关闭在线客服',
  dismiss: '关闭提示',
  title: '在线客服',
  online: '客服在线',
  offline: '客服暂时不在',
  connecting: '正在连接…',
  reconnecting: '正在重新连接… 连接恢复后会自动发送您的消息。',
  placeholder: '请输入消息…',
  send: '发送',
  attach: '发送文件',
  emoji: '插入表情',
  removeFile: '移除文件',
  sending: '发送中',
  sent: '已发送',
  read: '已读',
  failed: '发送失败，点击重试',
  waiting: '等待网络连接… 恢复后会自动发送',
  youOffline: '您已离线',
  typing: '{name} 正在输入…',
  someone: '客服',
  you: '我',
  older: '查看更早的消息',
  messages: '消息',
  greeting: '您好！有什么可以帮您？',
  away: '客服暂时不在，请留言，我们会尽快回复您。',
  queue: '您当前排在第 {n} 位', // position 1 is next: "前面还有 {n} 人" would be off by one
  wait: ' · 预计等待约 {m} 分钟',
  backAt: '我们将于{day} {time} 恢复服务。',
  backAtToday: '我们将于今天 {time} 恢复服务。',
  tooBig: '{file} 太大（上限 {max} MB）。',
  badType: '{file} 无法发送：不支持该文件类型。',
  uploadFailed: '{file} 上传失败。',
  uploading: '正在上传 {file}：{p}%',
  name: '姓名',
  email: '邮箱',
  phone: '电话',
  inquiry_type: '咨询类型',
  message: '留言内容',
  required: '请填写{field}。',
  invalidEmail: '请输入有效的邮箱地址。',
  start: '开始咨询',
  prechatIntro: '开始咨询前，请留下您的信息。',
  offlineIntro: '客服暂时不在，请留言，我们会通过邮件或电话联系您。',
  leaveMessage: '提交留言',
  offlineThanks: '谢谢！我们已收到您的留言，会尽快联系您。',
  needContact: '请留下邮箱或电话，以便我们回复您。',
  replyByEmail: '我们暂时不在线，会通过邮件 {email} 回复您。',
  replyByPhone: '我们暂时不在线，会通过电话 {phone} 联系您。',
  replyHere: '我们暂时不在线，回复会显示在这里，您下次访问时即可看到。',
  choose: '请选择…',
  rateTitle: '请为本次服务评分',
  rateStar: '{n} 星',
  comment: '意见或建议（选填）',
  submit: '提交',
  thanks: '感谢您的评价！',
  refused: '此网站无法使用该在线客服。',
  failedLoad: '在线客服加载失败。',
  newMessage: '新消息',
  close: '关闭',
};

/** Key is the name of a phrase. */
export type Key = keyof Dict;

/** Locale is a supported language. */
export type Locale = 'zh-CN' | 'en';

/** pickLocale chooses a supported language: the explicit choice, else the browser's. */
export function pickLocale(explicit: string, browser: readonly string[]): Locale {
  for (const l of [explicit, ...browser]) {
    const s = (l || '').toLowerCase();
    if (s.startsWith('zh')) return 'zh-CN';
    if (s.startsWith('en')) return 'en';
  }
  return 'en';
}

/** translator returns t(key, vars) for a language. */
export function translator(locale: Locale): (k: Key, vars?: Record<string, string | number>) => string {
  const d = locale === 'zh-CN' ? zh : en;
  return (k, vars) => d[k].replace(/\{(\w+)\}/g, (_, v: string) => String(vars?.[v] ?? ''));
}
