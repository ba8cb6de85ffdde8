// Package retrieve is the knowledge base's in-process retrieval index: it finds the articles
// that answer a customer's question, in Chinese written without spaces and in English, and says
// how sure it is with a confidence in 0..1 that means the same for every query, so one
// threshold decides between answering, suggesting and handing over.
//
// Text is folded (full width to half width, case, a few common traditional characters), the
// colloquial forms customers type are normalised (咋→怎么, pls→please), and question words and
// fillers are dropped (怎么, 可以, 请问; Snowball's English stop words, please, check; their
// pinyin, zenme). Chinese is cut into overlapping character bigrams plus single characters, and
// English into Snowball (Porter2) stems; English terms of five letters or more also match a term
// one edit away, and terms of four letters or more match their longer or shorter forms by prefix.
// Titles and questions also index the pinyin of their Chinese bigrams, for typed pinyin and
// homophone typos.
//
// A lexicon of customer service in both languages (concept.go: orders, payment, invoices,
// delivery, after-sales, accounts, membership, products, shop, courses) adds a shared concept
// term to the words that mean one thing (碎/破损/smashed → damage), so paraphrases meet. An
// organisation adds its own words — product names, jargon — as synonym groups when it builds
// the index:
//
//	ix := retrieve.New(retrieve.WithSynonyms(
//		retrieve.SynonymGroup{"月月有茶", "tea of the month", "订阅", "subscription"},
//	))
//
// Each group is one more concept: Chinese entries match anywhere in the text, English entries
// are words or phrases matched after stemming. The groups are fixed for the index's life; an
// organisation that changes them builds a new index.
//
// An article's title and each alternative question are scored as short passages against the
// query (an idf-weighted overlap of both sides) and blended with the share of the query the
// whole article covers; the body only breaks ties and lifts rankings. A Chinese word of the
// query that no article and no lexicon entry knows (股市 in 今天股市怎么样) is kept whole and
// weighs as the rarest term, so a question about something the knowledge base lacks gets a low
// confidence even when it shares a word with an article; bigrams that merely cut across two
// known words are dropped, and everyday words (昨天, 喜欢, numbers) count as known language.
//
// The index is pure Go and holds no database handle: the knowledge-base service rebuilds it
// from the store and keeps it current with Upsert and Remove.
package retrieve
