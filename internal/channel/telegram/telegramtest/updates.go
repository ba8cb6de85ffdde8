package telegramtest

// PrivateMessage is a message update body from user userID in their private chat with the
// bot; add the content (text, photo, document, ...) to the "message" map it holds.
func PrivateMessage(userID, messageID int64, fields map[string]any) map[string]any {
	m := map[string]any{
		"message_id": messageID, "date": 1765000000,
		"from": map[string]any{"id": userID, "is_bot": false, "first_name": "Ivan", "last_name": "Petrov", "username": "ivanp"},
		"chat": map[string]any{"id": userID, "type": "private"},
	}
	for k, v := range fields {
		m[k] = v
	}
	return map[string]any{"message": m}
}
