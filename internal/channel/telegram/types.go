package telegram

// The Bot API's types, as much of them as kefu reads (https://core.telegram.org/bots/api).

// update is one incoming update. kefu reads private messages; edits, channel posts, button
// presses and the rest are acknowledged and dropped.
type update struct {
	UpdateID      int64    `json:"update_id"`
	Message       *message `json:"message,omitempty"`
	EditedMessage *message `json:"edited_message,omitempty"`
}

type user struct {
	ID           int64  `json:"id"`
	IsBot        bool   `json:"is_bot"`
	FirstName    string `json:"first_name"`
	LastName     string `json:"last_name,omitempty"`
	Username     string `json:"username,omitempty"`
	LanguageCode string `json:"language_code,omitempty"`
}

type chat struct {
	ID   int64  `json:"id"`
	Type string `json:"type"` // private, group, supergroup, channel
}

type message struct {
	MessageID int64        `json:"message_id"`
	From      *user        `json:"from,omitempty"`
	Chat      chat         `json:"chat"`
	Date      int64        `json:"date"`
	Text      string       `json:"text,omitempty"`
	Caption   string       `json:"caption,omitempty"`
	Photo     []photoSize  `json:"photo,omitempty"`
	Document  *file        `json:"document,omitempty"`
	Voice     *file        `json:"voice,omitempty"`
	Audio     *file        `json:"audio,omitempty"`
	Video     *file        `json:"video,omitempty"`
	VideoNote *file        `json:"video_note,omitempty"`
	Animation *file        `json:"animation,omitempty"`
	Sticker   *sticker     `json:"sticker,omitempty"`
	Location  *location    `json:"location,omitempty"`
	Venue     *venue       `json:"venue,omitempty"`
	Contact   *contactCard `json:"contact,omitempty"`
}

type photoSize struct {
	FileID   string `json:"file_id"`
	Width    int    `json:"width"`
	Height   int    `json:"height"`
	FileSize int64  `json:"file_size,omitempty"`
}

// file is a Document, Voice, Audio, Video, VideoNote or Animation: they share these fields.
type file struct {
	FileID   string `json:"file_id"`
	FileName string `json:"file_name,omitempty"`
	MimeType string `json:"mime_type,omitempty"`
	FileSize int64  `json:"file_size,omitempty"`
}

type sticker struct {
	FileID string `json:"file_id"`
	Emoji  string `json:"emoji,omitempty"`
}

type location struct {
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
}

type venue struct {
	Location location `json:"location"`
	Title    string   `json:"title"`
	Address  string   `json:"address"`
}

type contactCard struct {
	PhoneNumber string `json:"phone_number"`
	FirstName   string `json:"first_name"`
	LastName    string `json:"last_name,omitempty"`
}

// fileInfo is getFile's answer: where to download the file from.
type fileInfo struct {
	FileID   string `json:"file_id"`
	FilePath string `json:"file_path"`
	FileSize int64  `json:"file_size,omitempty"`
}

// sentMessage is the part of a sent Message kefu keeps.
type sentMessage struct {
	MessageID int64 `json:"message_id"`
}
