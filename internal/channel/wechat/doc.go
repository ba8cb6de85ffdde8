// Package wechat is kefu's WeChat Official Account (公众号) and mini program customer-service
// (小程序客服消息) channels: two channel.Adapter values built from this one package, since both
// platforms share the callback crypto, the access token and the customer-service send API.
//
// Inbound, the platform posts each message to kefu's /hooks/{inbox_id}. The adapter checks the
// plain signature over (token, timestamp, nonce) before it reads anything, refuses stale
// timestamps and nonces replayed with another body (wxcrypto.Replay), opens the encrypted
// envelope in safe and compatible mode (msg_signature over the ciphertext, the AppID inside
// it checked by wxcrypto.Codec), turns the message into a channel.Inbound keyed by the
// platform's MsgId, hands it to the Receiver and only then answers "success". It never waits
// for an agent and never sends a passive reply: agent replies go out through kefu's durable
// delivery jobs (Deliver, the customer-service message API), greetings through a job of this
// package (kind "wechat.greeting").
//
// Access tokens come from wxtoken.Cache, shared through the database by every kefu process;
// the API calls go through wxapi, the plumbing shared with the WeCom adapter.
//
// Identities: a sender is "<appid>:<openid>" of the inbox's channel type. An Official Account
// bound to an Open Platform account gives the sender's UnionID through user/info, which links
// the contact across the organisation's WeChat inboxes (kefu.IdentityWeChatUnion). A mini
// program's customer-service callbacks carry no UnionID and the platform has no server API
// that returns one for an OpenID (only the client-side login flow does), so mini program
// contacts are not linked by UnionID.
package wechat
