// The knowledge base: articles listed with filters, searched, written, imported and exported.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api, ok } from '@/api';
import type { Article, ArticleView, ImportResult, KbHit } from '@/api/types';

export interface ArticleFilter { status?: '' | 'draft' | 'published'; category?: string; locale?: '' | 'zh-CN' | 'en' }
export interface ArticleInput {
  title: string; body: string; category: string; locale: 'zh-CN' | 'en'; status: 'draft' | 'published'; questions: string[];
}

export const useKBStore = defineStore('kb', () => {
  const articles = ref<Article[]>([]);
  const categories = ref<string[]>([]);

  async function load(f: ArticleFilter = {}) {
    const query = { status: f.status || undefined, category: f.category || undefined, locale: f.locale || undefined };
    articles.value = (await ok(api.GET('/api/v1/kb/articles', { params: { query } }))).articles ?? [];
    categories.value = (await ok(api.GET('/api/v1/kb/categories'))).categories ?? [];
  }

  async function search(q: string, locale?: '' | 'zh-CN' | 'en'): Promise<KbHit[]> {
    const query = { q, locale: locale || undefined, limit: 20 };
    return (await ok(api.GET('/api/v1/kb/search', { params: { query } }))).hits ?? [];
  }

  const get = async (id: string): Promise<ArticleView> => ok(api.GET('/api/v1/kb/articles/{id}', { params: { path: { id } } }));
  const create = async (input: ArticleInput) => ok(api.POST('/api/v1/kb/articles', { body: input }));
  const update = async (id: string, input: ArticleInput) => ok(api.PATCH('/api/v1/kb/articles/{id}', { params: { path: { id } }, body: input }));
  const remove = async (id: string) => ok(api.DELETE('/api/v1/kb/articles/{id}', { params: { path: { id } } }));
  const preview = async (body: string) => (await ok(api.POST('/api/v1/kb/preview', { body: { body } }))).body_html;

  /** importFile sends a file's text as it is, JSON or CSV by contentType. */
  async function importFile(text: string, contentType: 'text/csv' | 'application/json'): Promise<ImportResult> {
    return ok(api.POST('/api/v1/kb/import', { body: text, bodySerializer: (b: string) => b, headers: { 'Content-Type': contentType } }));
  }

  /** exportBlob downloads every article as a file's content. */
  async function exportBlob(format: 'json' | 'csv'): Promise<Blob> {
    const { data, error, response } = await api.GET('/api/v1/kb/export', { params: { query: { format } }, parseAs: 'blob' });
    if (error !== undefined || !response.ok || !data) await ok(Promise.resolve({ data, error, response }));
    return data as unknown as Blob;
  }

  return { articles, categories, load, search, get, create, update, remove, preview, importFile, exportBlob };
});
