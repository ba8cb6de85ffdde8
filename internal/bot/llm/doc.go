// Package llm is the bot's optional large-language-model step: it asks any OpenAI-compatible
// provider (Qwen through DashScope's compatible mode, DeepSeek, Ollama, vLLM) to answer a
// customer's question from the top retrieved knowledge-base articles only, checks that the
// reply cites them, and says when there is no answer, so the bot hands over instead. With an
// embedding model it can also re-rank retrieval's candidates. It is off unless an operator
// configures it; nothing here runs otherwise.
//
// # Provider protocol
//
// Config.BaseURL is the provider's API root as its documentation gives it, normally ending in
// /v1; the client appends the endpoint:
//
//	POST {base}/chat/completions  {"model","messages":[system, user],"temperature":0.2,"max_tokens":600}
//	POST {base}/embeddings        {"model","input":["…", …]}   (at most 10 inputs per request)
//
// e.g. https://dashscope.aliyuncs.com/compatible-mode/v1, https://api.deepseek.com/v1,
// http://127.0.0.1:11434/v1 (Ollama), http://10.0.0.5:8000/v1 (vLLM). The key goes in
// "Authorization: Bearer", never in the URL (Validate refuses URLs with userinfo or a query).
// Answers are read tolerantly (unknown fields ignored, content as a string or text parts, a
// missing embedding index read in order) and bounded to MaxResponseBytes. Requests go through
// the http.Client the caller passes, which must be the SSRF-guarded one of internal/netguard:
// a provider on the operator's own network must then be listed in outbound_allow, and the
// guard's response cap and timeout must be at least MaxResponseBytes and Config.Timeout.
//
// # Grounding
//
// The system message holds fixed rules, in Chinese for zh locales and English otherwise:
// answer only from the numbered sources, cite them as [1], [2], and reply exactly NoAnswer
// when they do not answer. The user message holds only data, as one JSON document (Prompt):
// the sources, numbered, then the question. Being JSON strings, neither the question nor an
// article can close its field or add a message, so "ignore your instructions" reaches the
// model as a question, next to rules that say the question is data.
//
// The reply is verified, not trusted. It is no answer (Known false, the bot hands over) when
// it contains NoAnswer, cites nothing, cites a number that is not a source, is only
// citations, or was cut off (finish_reason "length" or "content_filter"). Otherwise its
// markers ([3], 【2】, [1, 3], [Source 2]) are rewritten as [1], [2], … in order of first use,
// so that [n] is the n-th id of Answer.Citations. A <think> block that reasoning models put
// first is dropped. What verification cannot see: whether the cited article really says what
// the sentence says; the low temperature and the rules are what keep the model to it.
//
// # What leaves the server
//
// The question, cut to MaxQuestionRunes, with ID card, bank card and mobile numbers and email
// addresses masked (internal/pii's built-in kinds), and the titles and bodies of at most
// MaxSources articles, cut to share MaxSourceTextRunes. Not the articles' ids, not the
// conversation's history, not the customer's name or contact data.
//
// # Errors
//
// Calls return *kefu.Error: invalid_input for bad settings or arguments (named by field), and
// for provider failures one of CodeUnreachable, CodeRejected, CodeRateLimited (with the
// provider's Retry-After) and CodeBadResponse. Messages quote the provider's own short
// explanation ("The model `qwen-plux` does not exist") with the key blotted out, and never
// the request URL. The client does not retry; the bot decides what a failure means.
//
// Package llmtest is a fake provider for tests of this package and of its callers.
package llm
