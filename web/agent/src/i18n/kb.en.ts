// English texts of the knowledge base (Settings › Knowledge base); kb.zh-CN.ts has the same keys.
export default {
  kb: {
    title: 'Knowledge base',
    intro: 'Answers to the questions customers repeat. The bot and agents search the published articles; alternative questions are the ways customers actually ask.',
    create: 'New article', edit: 'Edit article', empty: 'No articles yet', noMatch: 'No article matches',
    search: 'Search articles, e.g. 退款 or refund', allCategories: 'All categories', allStatuses: 'All statuses', allLocales: 'All languages',
    articleTitle: 'Title', body: 'Body (Markdown)', preview: 'Preview', category: 'Category', categoryHint: 'Pick one or type a new one',
    locale: 'Language', status: 'Status', updated: 'Updated', confidence: 'Match',
    statuses: { draft: 'Draft', published: 'Published' },
    locales: { 'zh-CN': 'Chinese', en: 'English' },
    questions: 'Alternative questions', questionsHint: 'Other ways customers ask this, one per line (at most 50).',
    addQuestion: 'Add question', newQuestion: 'e.g. 钱啥时候退', removeQuestion: 'Remove “{q}”',
    import: 'Import', export: 'Export', exportJSON: 'Export JSON', exportCSV: 'Export CSV',
    importing: 'Importing {name}…', importResult: '{created} created, {updated} updated, {failed} failed',
    importErrors: 'Rows not imported', row: 'Row', field: 'Field', message: 'Problem',
    importHint: 'JSON (array of articles) or CSV with the columns id,title,body,category,locale,status,questions. Articles whose id exists are updated.',
    readOnly: 'You can read the published articles; writing them needs the “Write knowledge-base articles” permission.',
    synonyms: {
      title: 'Synonyms', create: 'New synonym group', edit: 'Edit synonym group', empty: 'No synonym groups yet', terms: 'Terms',
      intro: 'Words that mean one thing to your organisation — a product name, your jargon. Searching any of them finds articles that use another (月月有茶 / tea of the month / subscription box).',
      invalid: 'A group needs 2 to 20 different terms, each of 1 to 40 characters on one line.',
      placeholder: 'Type a term, press Enter', hint: '2 to 20 terms of at most 40 characters; at most 200 groups.',
    },
  },
};
