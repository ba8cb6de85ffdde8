// Package email is the email channel: a mailbox answered from kefu. Mail arrives over IMAP
// (one worker per inbox, IDLE when the server has it, else polling) and is normalised into the
// channel Receiver's calls; agents' replies leave over SMTP as threaded multipart mail.
//
// Threading needs no guessing: kefu's own Message-IDs and the Reply-To address carry a reply
// token (the conversation id and an HMAC of it), so a customer's answer finds its conversation
// even when the mail client drops the References, and a stranger cannot forge one.
package email
