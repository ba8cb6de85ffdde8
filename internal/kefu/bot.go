package kefu

import "time"

// BotMode says when an inbox's knowledge-base bot takes a new conversation before a person.
type BotMode string

// Bot modes.
const (
	BotOff          BotMode = ""              // no bot: conversations go to the router at once
	BotAlways       BotMode = "always"        // the bot answers first, always
	BotOutsideHours BotMode = "outside_hours" // only while the inbox is outside its business hours
	BotWhenBusy     BotMode = "when_busy"     // only when no agent has room, or the queue is longer than QueueThreshold
)

// Valid reports whether m is a known bot mode.
func (m BotMode) Valid() bool {
	return m == BotOff || m == BotAlways || m == BotOutsideHours || m == BotWhenBusy
}

// BotSettings configure an inbox's bot; stored in the inbox's settings under "bot". The zero
// value is "off". Zero thresholds take the bot's defaults (package bot).
type BotSettings struct {
	Mode BotMode `json:"mode" required:"false" enum:",always,outside_hours,when_busy" doc:"empty = off"`
	// QueueThreshold: in when_busy mode the bot also takes conversations while more than this
	// many wait in the inbox's queue (0: only when no agent of the inbox has room).
	QueueThreshold     int     `json:"queue_threshold" required:"false" minimum:"0" maximum:"10000"`
	AnswerThreshold    float64 `json:"answer_threshold" required:"false" minimum:"0" maximum:"1" doc:"confidence to answer with the best article; 0 = default 0.55"`
	SuggestThreshold   float64 `json:"suggest_threshold" required:"false" minimum:"0" maximum:"1" doc:"confidence to offer 'did you mean' suggestions; 0 = default 0.2"`
	LowConfidenceLimit int     `json:"low_confidence_limit" required:"false" minimum:"0" maximum:"10" doc:"hand over at this many not-understood messages in a row; 0 = default 2"`
	// HideHumanButton hides the widget's "talk to a person" button while the bot answers (the
	// customer can still ask for one in words).
	HideHumanButton bool   `json:"hide_human_button" required:"false"`
	Name            string `json:"name" required:"false" maxLength:"64" doc:"the bot's display name; empty = 智能助手 / Assistant"`
	Greeting        string `json:"greeting" required:"false" maxLength:"1000" doc:"what the bot says when it takes a conversation; empty = a default in the visitor's language"`
	UseLLM          bool   `json:"use_llm" required:"false" doc:"generate answers with the organisation's language model (when configured) from the top articles"`
}

// On reports whether the inbox has a bot at all.
func (s BotSettings) On() bool { return s.Mode != BotOff }

// BotState is where a conversation stands with the bot.
type BotState string

// Bot states of a conversation.
const (
	BotNone      BotState = ""           // the bot never had it
	BotActive    BotState = "active"     // the bot holds it: pending (or resolved after a helpful answer), out of the queue
	BotHandedOff BotState = "handed_off" // the bot handed it to the router (or an agent took it)
)

// Emotions the bot detects in a customer's messages; a routing condition (RuleConditions.Emotions).
const (
	EmotionNone     = ""
	EmotionNegative = "negative" // complaint, threat to escalate (投诉, 差评, 12315, lawyer…)
	EmotionAngry    = "angry"    // insults, shouting, repeated exclamation
)

// StrongerEmotion is the stronger of two emotions (angry, negative, none): a calm message after
// an angry one does not clear what the agent should know.
func StrongerEmotion(a, b string) string {
	if emotionRank(b) > emotionRank(a) {
		return b
	}
	return a
}

func emotionRank(e string) int {
	switch e {
	case EmotionAngry:
		return 2
	case EmotionNegative:
		return 1
	}
	return 0
}

// Bot card actions: what a bot message is.
const (
	BotCardGreeting = "greeting" // the bot introduced itself
	BotCardAnswer   = "answer"   // an article answers the question (with "did this help?")
	BotCardSuggest  = "suggest"  // "did you mean": up to three articles to pick from
	BotCardRephrase = "rephrase" // not understood: asks to rephrase
	BotCardHandoff  = "handoff"  // connecting to a person
	BotCardThanks   = "thanks"   // the answer helped
)

// BotCard is the structured part of a bot's message, which the widget renders as a card; the
// message's Content is the same thing as plain text, for channels without cards (WeChat,
// email) and for transcripts.
type BotCard struct {
	Action   string           `json:"action" enum:"greeting,answer,suggest,rephrase,handoff,thanks"`
	Articles []BotCardArticle `json:"articles,omitempty" doc:"answer: the article, then related ones; suggest: up to three"`
	// Generated is set when a language model wrote the answer from the cited articles.
	Generated bool `json:"generated,omitempty"`
	// AskFeedback: the widget shows "did this help? yes / no, talk to a person" under an answer.
	AskFeedback bool `json:"ask_feedback,omitempty"`
	// ReplyTo is the customer message this card answers.
	ReplyTo string `json:"reply_to,omitempty"`
}

// BotCardArticle is an article as a bot card shows it.
type BotCardArticle struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// Bot hand-off reasons (the bot package's reasons, plus the customer's own choices).
const (
	HandoffLowConfidence   = "low_confidence"
	HandoffAskedForHuman   = "asked_for_human"
	HandoffNegativeEmotion = "negative_emotion"
	HandoffNotHelpful      = "not_helpful" // "no" on the "did this help?" card
	HandoffButton          = "button"      // the widget's "talk to a person" button
	HandoffLLMUnsure       = "llm_unsure"  // the language model found no grounded answer
	HandoffBotFailed       = "bot_failed"  // the bot's turn kept failing (its last attempt hands over)
)

// Bot event kinds, counted per inbox and day by the bot's metrics.
const (
	BotEventStarted    = "started"     // the bot took a conversation
	BotEventAnswered   = "answered"    // it answered with an article
	BotEventSuggested  = "suggested"   // it offered "did you mean"
	BotEventUnanswered = "unanswered"  // it did not understand (the question is kept for the knowledge base)
	BotEventHandoff    = "handoff"     // it handed over (Reason says why)
	BotEventHelpful    = "helpful"     // the customer said an answer helped
	BotEventNotHelpful = "not_helpful" // the customer said it did not
	BotEventResolved   = "resolved"    // the conversation ended with the bot, no person needed
)

// BotEvent is one thing the bot did or was told, recorded in the transaction that did it.
type BotEvent struct {
	ID             string    `json:"id"`
	OrgID          string    `json:"org_id"`
	InboxID        string    `json:"inbox_id"`
	ConversationID string    `json:"conversation_id"`
	MessageID      string    `json:"message_id"` // the customer message (or the card) it is about
	Kind           string    `json:"kind"`
	Reason         string    `json:"reason"`     // a hand-off's reason
	ArticleID      string    `json:"article_id"` // the answered article, or the best guess
	Question       string    `json:"question"`   // the customer's text, for unanswered questions (≤ 500 characters)
	CreatedAt      time.Time `json:"created_at"`
}

// Statuses of an unanswered question in the improvement list.
const (
	UnansweredOpen      = "open"
	UnansweredAdded     = "added"     // added as an alternative question of an article
	UnansweredDismissed = "dismissed" // nothing to do
)

// UnansweredQuestion is a customer question the bot could not answer, for the knowledge base's
// editors: add it as an alternative question of an article, or dismiss it.
type UnansweredQuestion struct {
	ID             string    `json:"id"` // the BotEvent's id
	InboxID        string    `json:"inbox_id"`
	ConversationID string    `json:"conversation_id"`
	Question       string    `json:"question"`
	Reason         string    `json:"reason" enum:"unanswered,not_helpful"`
	BestArticleID  string    `json:"best_article_id" doc:"the bot's best guess, if any"`
	Status         string    `json:"status" enum:"open,added,dismissed"`
	CreatedAt      time.Time `json:"created_at"`
}

// BotDay is one inbox's bot figures on one day (in the organisation's time zone).
type BotDay struct {
	Day        string         `json:"day" doc:"YYYY-MM-DD"`
	InboxID    string         `json:"inbox_id"`
	Started    int            `json:"started" doc:"conversations the bot took"`
	Resolved   int            `json:"resolved" doc:"conversations the bot resolved alone"`
	Answered   int            `json:"answered"`
	Suggested  int            `json:"suggested"`
	Unanswered int            `json:"unanswered"`
	Helpful    int            `json:"helpful"`
	NotHelpful int            `json:"not_helpful"`
	Handoffs   map[string]int `json:"handoffs" doc:"hand-offs by reason"`
}

// LLMSettings are an organisation's OpenAI-compatible language model, off by default. The API
// key is write-only: APIKeySet says whether one is stored.
type LLMSettings struct {
	Enabled        bool      `json:"enabled"`
	BaseURL        string    `json:"base_url" maxLength:"500" doc:"OpenAI-compatible base URL ending in /v1, e.g. http://127.0.0.1:11434/v1"`
	Model          string    `json:"model" maxLength:"200"`
	EmbeddingModel string    `json:"embedding_model" maxLength:"200" doc:"empty: no re-ranking by embeddings"`
	APIKey         string    `json:"-"`
	APIKeySet      bool      `json:"api_key_set"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// BotJobKind is the job that runs the bot on a customer's message in a conversation the bot
// holds; inserted with the message, its Ref is the message id.
const BotJobKind = "bot.turn"

// BotSession is the bot's memory of one conversation it held (table bot_sessions): the
// decision's state, how many customer messages it handled, and its hand-off once it made one.
type BotSession struct {
	OrgID          string
	ConversationID string
	InboxID        string
	LowRun         int // not-understood messages in a row, the decision's state
	Turns          int // customer messages the bot handled
	Reason         string
	Emotion        string
	Question       string
	Guesses        []BotCardArticle
	HandedOffAt    *time.Time
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// BotTx is what the bot writes inside the transaction that changes a conversation it holds
// (see ConversationTx): its session and the events its metrics count.
type BotTx interface {
	// BotSession returns the conversation's bot session; nil when the bot never had it.
	BotSession() (*BotSession, error)
	// SaveBotSession inserts or replaces the conversation's bot session.
	SaveBotSession(s *BotSession) error
	// RecordBotEvent stores e unless the conversation already has an event of e's kind about
	// e's message (a retried turn); it fills ID, OrgID, ConversationID and CreatedAt.
	RecordBotEvent(e *BotEvent) error
}
