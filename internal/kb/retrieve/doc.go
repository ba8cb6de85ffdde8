// Package retrieve is the knowledge base's in-process retrieval index: it finds the articles
// that answer a customer's question, in Chinese written without spaces and in English, and says
// how sure it is with a confidence in 0..1 that means the same for every query, so one
// threshold decides between answering, suggesting and handing over.
//
// Text is folded (full width to half width, case, a few common traditional characters), the
// colloquial forms customers type are normalised (咋→怎么, pls→please), Chinese is cut into
// overlapping character bigrams plus single characters, and English into lowercased, lightly
// stemmed words without stop words; English terms of five letters or more also match a term one
// edit away, and terms of four letters or more match their longer or shorter forms by prefix.
// An article's title and each alternative question are scored as short passages against the
// query (an idf-weighted overlap of both sides); the body only breaks ties and lifts rankings.
//
// The index is pure Go and holds no database handle: the knowledge-base service rebuilds it
// from the store and keeps it current with Upsert and Remove.
package retrieve
