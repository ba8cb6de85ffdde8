// 工作台的简体中文文本。键与 en.ts 完全相同（单元测试会检查）。
import type en from './en';

const zhCN: typeof en = {
  app: { name: '客服', skip: '跳到会话' },
  common: {
    save: '保存', cancel: '取消', create: '创建', edit: '编辑', delete: '删除', close: '关闭', copy: '复制',
    copied: '已复制', saved: '已保存', deleted: '已删除', confirmDelete: '确定删除“{name}”？', yes: '是', no: '否',
    loading: '加载中…', none: '无', name: '名称', email: '邮箱', password: '密码', actions: '操作',
    description: '描述', color: '颜色', retry: '重试', discard: '放弃', optional: '可选', search: '搜索',
  },
  errors: {
    network: '无法连接服务器，请检查网络。',
    unauthenticated: '邮箱或密码错误。',
    forbidden: '您的角色无权执行此操作。',
    not_found: '内容已不存在。',
    conflict: '与已有内容冲突。',
    invalid_input: '请检查标出的字段。',
    payload_too_large: '内容过大。',
    unsupported_media_type: '不支持此类文件。',
    rate_limited: '尝试次数过多，请稍候。',
    overloaded: '服务器繁忙，请重试。',
    unavailable: '服务器暂不可用，请重试。',
    internal: '服务器出错了。',
    malformed_request: '请求格式错误。',
  },
  setup: {
    title: '欢迎使用 kefu', intro: '创建您的组织和所有者账号即可开始。',
    org: '组织名称', name: '您的姓名', submit: '创建组织', done: '组织已创建，请登录。',
    passwordHint: '至少 12 个字符',
  },
  login: { title: '登录', submit: '登录', tagline: '自托管在线客服系统' },
  nav: {
    inbox: '会话', settings: '设置', profile: '个人资料', signOut: '退出登录', language: '语言',
    connection: { connecting: '连接中…', open: '实时', closed: '已断开，正在重连' },
  },
  availability: { label: '在线状态', online: '在线', away: '离开', offline: '离线' },
  views: { mine: '我的', unassigned: '未分配', all: '全部', inboxes: '收件箱', labels: '标签' },
  status: { any: '全部状态', open: '进行中', pending: '待处理', snoozed: '已暂缓', resolved: '已解决' },
  priority: { label: '优先级', none: '无优先级', low: '低', medium: '中', high: '高', urgent: '紧急' },
  list: {
    title: '会话', search: '搜索消息和客户', sortActivity: '最近活动', sortWaiting: '等待最久',
    empty: '这里没有会话', loadMore: '加载更多', waiting: '已等待 {time}', unread: '未读', sort: '排序',
    statusFilter: '状态', inboxFilter: '收件箱', labelFilter: '标签', allInboxes: '全部收件箱', allLabels: '全部标签',
    unassignedTag: '未分配', results: '搜索结果',
  },
  conv: {
    pick: '从列表中选择一个会话', thread: '消息', older: '加载更早的消息', noMore: '会话开始',
    visitor: '访客', you: '我', read: '已读', sent: '已发送', sending: '发送中…', failed: '发送失败',
    note: '内部备注', bot: '机器人', typing: '{name} 正在输入…', typingNote: '{name} 正在写备注…',
    attachment: '附件', download: '下载 {name}', back: '返回列表', details: '客户资料',
    assignee: '负责人', team: '团队', unassigned: '未分配', snoozedUntil: '暂缓至 {time}',
  },
  composer: {
    reply: '回复', note: '备注', placeholder: '输入回复 — Enter 发送，Shift+Enter 换行，/ 使用快捷回复',
    notePlaceholder: '内部备注 — 仅客服可见', send: '发送', addNote: '添加备注', emoji: '插入表情',
    attach: '添加附件', noteBanner: '内部备注：客户看不到此内容', uploading: '正在上传 {name}…',
    removeAttachment: '移除 {name}', canned: '快捷回复', noCanned: '没有以 /{q} 开头的快捷回复', dropHere: '拖放文件以添加附件',
  },
  actions: {
    assignToMe: '分配给我', assign: '分配', transfer: '转接', transferTitle: '转接会话',
    transferNote: '交接说明（作为内部备注添加）', agent: '客服', team: '团队', resolve: '解决', reopen: '重新打开',
    snooze: '暂缓', snoozeUntil: '暂缓至', snooze1h: '1 小时', snoozeTomorrow: '明天 9:00', snoozeWeek: '一周',
    snoozeCustom: '选择时间', labels: '标签', unassign: '取消分配', more: '更多操作', pending: '标为待处理',
  },
  activity: {
    assigned: '{by} 将会话分配给 {assignee}', assignedTeam: '{by} 将会话分配给团队 {team}',
    assignedSelf: '{by} 接手了会话', unassigned: '{by} 取消了会话分配',
    auto_assigned: '会话已自动分配给 {assignee}', status_open: '{by} 重新打开了会话',
    status_pending: '{by} 将会话标为待处理', status_snoozed: '{by} 暂缓了会话',
    status_resolved: '{by} 解决了会话', snooze_ended: '暂缓结束，会话已重新打开',
    unknown: '会话已更新', someone: '有人',
  },
  contact: {
    title: '客户', phone: '电话', ip: 'IP 地址', page: '页面', referrer: '来源', browser: '浏览器',
    attributes: '属性', addAttribute: '添加属性', key: '键', value: '值', previous: '历史会话',
    noPrevious: '没有其他会话', rating: '评价', ratingComment: '评语', noRating: '未评价', anonymous: '访客',
    lastSeen: '最近访问', since: '首次访问', edit: '编辑客户', conversation: '会话',
  },
  settings: {
    title: '设置', inboxes: '收件箱', agents: '客服', teams: '团队', canned: '快捷回复', labels: '标签', tokens: 'API 令牌', webhooks: 'Webhooks',
  },
  inbox: {
    create: '新建网页收件箱', edit: '编辑收件箱', name: '收件箱名称', greeting: '欢迎语', awayMessage: '离线留言提示',
    color: '插件颜色', locale: '插件语言', localeAuto: '跟随访客浏览器', origins: '允许的来源',
    originsHint: '每行一个，例如 https://shop.example.com。留空则允许任何网站。', members: '成员',
    membersHint: '接收此收件箱会话的客服。留空表示所有人。', everyone: '所有人', preChat: '咨询前表单',
    preChatEnabled: '开始会话前询问', field: '字段', required: '必填', options: '选项（逗号分隔）',
    identity: '身份验证', enforce: '拒绝没有有效签名的访客', secret: '身份密钥',
    showSecret: '显示密钥', rotate: '更换密钥', snippet: '嵌入代码', snippetHint: '粘贴到每个需要显示聊天窗口的页面的 </body> 之前。',
    widgetKey: '插件密钥', fields: { name: '姓名', email: '邮箱', phone: '电话', inquiry_type: '咨询类型' },
  },
  agents: {
    create: '新建客服', role: '角色', capacity: '接待上限', capacityHint: '自动分配的进行中会话上限',
    disabled: '已停用', active: '启用', availability: '在线状态',
    roles: { owner: '所有者', admin: '管理员', supervisor: '主管', agent: '客服' },
  },
  teams: { create: '新建团队', members: '成员' },
  canned: {
    create: '新建快捷回复', shortcut: '快捷词', content: '内容', scope: '范围', personal: '个人', shared: '共享',
    shortcutHint: '在输入框中输入 /快捷词：a–z、0–9、- 和 _', empty: '还没有快捷回复',
  },
  labels: { create: '新建标签', empty: '还没有标签' },
  tokens: {
    create: '新建 API 令牌', role: '角色', prefix: '前缀', lastUsed: '最近使用', expires: '过期时间', never: '永不',
    revoke: '吊销', revoked: '已吊销', shownOnce: '请立即复制此令牌：它不会再次显示。', confirmRevoke: '吊销“{name}”？使用它的集成将停止工作。',
  },
  webhooks: {
    create: '新建 Webhook', empty: '还没有 Webhook', url: '地址', events: '事件', enabled: '启用',
    urlHint: '仅限 http 或 https，内网与私有地址会被拒绝。', deliveries: '投递记录', ping: '发送测试',
    pingSent: '测试事件已排队', resend: '重新发送', resent: '已排队重新发送', refresh: '刷新',
    shownOnce: '请立即复制此签名密钥：它不会再次显示。',
    disabledNotice: 'Webhook {url} 因投递持续失败已被停用。请修复接收端后重新启用。',
    deliveriesOf: '投递到 {url} 的记录', noDeliveries: '还没有投递', event: '事件', status: '状态', attempts: '尝试次数',
    code: '响应码', duration: '耗时', created: '创建时间', error: '错误', nextAttempt: '下次尝试', response: '响应内容',
    statuses: { pending: '等待中', running: '发送中', failed: '重试中', dead: '失败', done: '已送达' },
    types: {
      'conversation.created': '会话开始', 'conversation.updated': '会话变更',
      'conversation.resolved': '会话已解决', 'message.created': '新消息',
      'contact.created': '联系人创建', 'contact.updated': '联系人变更',
    },
  },
  profile: {
    title: '个人资料', avatar: '头像地址', changePassword: '修改密码', current: '当前密码', new: '新密码',
    passwordChanged: '密码已修改，其他会话已退出登录。', autoAway: '{min} 分钟无操作后自动设为离开',
  },
  shortcuts: {
    title: '键盘快捷键', next: '下一个会话', prev: '上一个会话', reply: '聚焦回复框', search: '搜索', help: '显示此帮助',
  },
  notify: { newConversation: '新会话', newMessage: '来自 {name} 的新消息' },
  time: { justNow: '刚刚', minutes: '{n} 分钟', hours: '{n} 小时', days: '{n} 天' },
};

export default zhCN;
