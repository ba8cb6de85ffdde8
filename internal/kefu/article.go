package kefu

import "time"

// Article statuses: only published articles are searched and shown to agents and the bot.
const (
	ArticleDraft     = "draft"
	ArticlePublished = "published"
)

// Article locales the knowledge base serves.
const (
	LocaleZhCN = "zh-CN"
	LocaleEn   = "en"
)

// Limits of an article, checked by the knowledge-base service at every entry point.
const (
	MaxArticleTitle    = 200    // characters
	MaxArticleBody     = 20_000 // characters of Markdown
	MaxArticleQuestion = 200    // characters per alternative question
	MaxArticleQuests   = 50     // alternative questions per article
	MaxArticleCategory = 64     // characters
	MaxArticleID       = 64     // bytes of a client-chosen id
)

// Article is a knowledge-base entry: a Markdown answer with the other ways customers ask for
// it (Questions, 相似问法). Its id is a generated UUID or one the importer chose (a slug such as
// "refund-policy"), so a knowledge base imported twice updates rather than duplicates.
type Article struct {
	ID        string    `json:"id"`
	OrgID     string    `json:"org_id"`
	Title     string    `json:"title"`
	Body      string    `json:"body"` // Markdown
	Category  string    `json:"category"`
	Locale    string    `json:"locale" enum:"zh-CN,en"`
	Status    string    `json:"status" enum:"draft,published"`
	Questions []string  `json:"questions"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	UpdatedBy string    `json:"updated_by"` // the agent id of the last change, "" for the system
}

// Published reports whether the article is live for agents and the bot.
func (a *Article) Published() bool { return a.Status == ArticlePublished }

// ArticleFilter selects articles to list; empty fields match all.
type ArticleFilter struct {
	Status, Category, Locale string
	Limit                    int // 0 = all
}

// ValidArticleID reports whether id can name an article: 1 to 64 of A-Z, a-z, 0-9, '.', '_'
// and '-' (kefu's UUIDs are such ids), so ids are safe in URLs, CSV and logs.
func ValidArticleID(id string) bool {
	if id == "" || len(id) > MaxArticleID {
		return false
	}
	for _, r := range id {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '.' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}
