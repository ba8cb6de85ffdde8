import { describe, expect, it } from 'vitest';
import { addQuestion, categoryOptions, importType, maxQuestions, pasteQuestions } from '@/lib/kbArticle';

describe('alternative questions', () => {
  it('adds trimmed questions once, in order', () => {
    let list = addQuestion([], '  怎么退货 ');
    list = addQuestion(list, '怎么退货');
    list = addQuestion(list, 'refund pls');
    expect(list).toEqual(['怎么退货', 'refund pls']);
  });

  it('refuses blanks, line breaks inside become spaces, and over-long questions', () => {
    expect(addQuestion([], '   ')).toEqual([]);
    expect(addQuestion([], 'where\nis it')).toEqual(['where is it']);
    expect(addQuestion([], '问'.repeat(201))).toEqual([]);
    expect(addQuestion([], '问'.repeat(200))).toHaveLength(1);
  });

  it('stops at the limit', () => {
    const full = Array.from({ length: maxQuestions }, (_, i) => `q${i}`);
    expect(addQuestion(full, 'one more')).toBe(full);
  });

  it('pastes one question per line', () => {
    expect(pasteQuestions(['a'], 'b\r\n\na\nc')).toEqual(['a', 'b', 'c']);
  });
});

describe('import files', () => {
  it('sends CSV by name or type and everything else as JSON', () => {
    expect(importType({ name: 'kb.CSV', type: '' })).toBe('text/csv');
    expect(importType({ name: 'export', type: 'text/csv' })).toBe('text/csv');
    expect(importType({ name: 'kb.json', type: 'application/json' })).toBe('application/json');
  });
});

describe('categories', () => {
  it('offers the typed category with the known ones', () => {
    expect(categoryOptions(['售后', 'Logistics'], ' 物流 ')).toEqual(['Logistics', '售后', '物流'].sort((a, b) => a.localeCompare(b)));
    expect(categoryOptions(['A'], 'A')).toEqual(['A']);
  });
});
