// Package wxapi is the request and answer plumbing of the WeChat platforms' server APIs
// (api.weixin.qq.com for Official Accounts and mini programs, qyapi.weixin.qq.com for WeCom),
// shared by their adapters: a request whose URL (which carries the access_token or the
// secret) never appears in an error, a size-limited answer decoded through the errcode/errmsg
// envelope into an APIError, a call with the shared access token that refreshes it once when
// the platform refuses it, the temporary-media upload and download, and the HTTP client that
// honours HTTPS_PROXY. The adapters keep what is their own: endpoints, bodies, how a token
// is fetched, and what each errcode means to an agent.
package wxapi
