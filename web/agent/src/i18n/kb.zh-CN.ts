// 知识库（设置 › 知识库）的简体中文文本；键与 kb.en.ts 相同。
import type en from './kb.en';

const zhCN: typeof en = {
  kb: {
    title: '知识库',
    intro: '客户反复问到的问题的答案。机器人和客服搜索已发布的文章；相似问法是客户实际的问法。',
    create: '新建文章', edit: '编辑文章', empty: '还没有文章', noMatch: '没有匹配的文章',
    search: '搜索文章，例如 退款 或 refund', allCategories: '全部分类', allStatuses: '全部状态', allLocales: '全部语言',
    articleTitle: '标题', body: '正文（Markdown）', preview: '预览', category: '分类', categoryHint: '选择已有分类或输入新分类',
    locale: '语言', status: '状态', updated: '更新时间', confidence: '匹配度',
    statuses: { draft: '草稿', published: '已发布' },
    locales: { 'zh-CN': '中文', en: '英文' },
    questions: '相似问法', questionsHint: '客户问同一件事的其他说法，每条一行（最多 50 条）。',
    addQuestion: '添加问法', newQuestion: '例如：钱啥时候退', removeQuestion: '删除“{q}”',
    import: '导入', export: '导出', exportJSON: '导出 JSON', exportCSV: '导出 CSV',
    importing: '正在导入 {name}…', importResult: '新建 {created} 篇，更新 {updated} 篇，失败 {failed} 篇',
    importErrors: '未导入的行', row: '行', field: '字段', message: '问题',
    importHint: 'JSON（文章数组）或 CSV，列为 id,title,body,category,locale,status,questions。id 已存在的文章会被更新。',
    readOnly: '你可以阅读已发布的文章；编写文章需要“编写知识库文章”权限。',
    synonyms: {
      title: '同义词', create: '新建同义词组', edit: '编辑同义词组', empty: '还没有同义词组', terms: '词语',
      intro: '对你们来说意思相同的词，例如产品名、内部叫法。搜索其中任一个，就能找到用其他词写的文章（月月有茶 / tea of the month / 订阅盒）。',
      invalid: '每组需要 2 到 20 个不同的词，每个词 1 到 40 个字符且不换行。',
      placeholder: '输入一个词，按回车添加', hint: '每组 2 到 20 个词，每个词最多 40 个字符；最多 200 组。',
    },
  },
};

export default zhCN;
