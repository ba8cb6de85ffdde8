package kefu

// BotEventCount is how many bot events of one kind (and, for hand-offs, one reason) an inbox
// had on one day of a metrics range. The store counts them; the bot's administration folds
// them into BotDays.
type BotEventCount struct {
	Day     int // the day's index in the range asked for, from 0
	InboxID string
	Kind    string
	Reason  string
	Count   int
}

// UnansweredFilter selects unanswered questions, newest first.
type UnansweredFilter struct {
	Status  string // open, added or dismissed
	InboxID string // "" = every inbox
	Limit   int    // 1..100; 0 = 50
	Cursor  string // the previous page's next cursor; "" = the first page
}
