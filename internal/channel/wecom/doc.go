// Package wecom is the WeCom customer-service channel (企业微信 · 微信客服): one customer-service
// account (open_kfid) of a company per inbox, answered from kefu through the platform's API.
//
// Inbound, WeCom's callback (/hooks/{inbox_id}) only says that there are new messages: the
// request is verified (msg_signature), decrypted with the inbox's EncodingAESKey and CorpID and
// checked against replays before anything in it is read, and then a durable "wecom.sync" job is
// queued and the platform answered "success" at once. The job pulls with kf/sync_msg: each page
// is staged (store StageInbound) in the transaction that moves the inbox's cursor past it, and
// the staged messages are then received in staging order and deleted. A crash between pages
// therefore neither loses a page (its cursor did not move) nor repeats one (its messages are
// staged once, and the Receiver dedupes by WeCom's msgid). One pull runs per inbox at a time in
// a process; across processes the cursor's compare-and-set decides who staged a page.
//
// Outbound, Deliver sends with kf/send_msg, passing kefu's message id as WeCom's msgid, which
// the platform refuses to take twice: a delivery retried after a crash is not seen twice.
// WeCom accepts at most 5 replies within 48 hours of a customer's message; both limits are
// declared in Capabilities and the platform's refusals are permanent failures with a reason.
//
// Access tokens come from wxtoken.Cache (shared through the database by every kefu process);
// the callback crypto from wxcrypto; the API plumbing (shared with the Official Account
// adapter) from wxapi. The API client is our own: see docs/architecture.md.
package wecom
