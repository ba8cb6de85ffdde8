#!/usr/bin/env python3
"""Bridge a (fictional) shop platform, Lanshan Mall, to a kefu API inbox, both ways.

  send BUYER_ID MSG_ID TEXT  post a buyer's message to kefu, signed with the inbox's secret
  serve                      receive kefu's signed callbacks (agents' replies) on BRIDGE_PORT
Environment: KEFU_URL, KEFU_INBOX_ID, KEFU_API_SECRET (whsec_...), BRIDGE_PORT (0 = any).
"""
import base64, hashlib, hmac, json, os, sys, time, urllib.request
from http.server import BaseHTTPRequestHandler, HTTPServer

SECRET = base64.b64decode(os.environ["KEFU_API_SECRET"].removeprefix("whsec_"))

def sign(msg_id, ts, body):  # Standard Webhooks: HMAC-SHA256 of "id.timestamp.body"
    mac = hmac.new(SECRET, f"{msg_id}.{ts}.".encode() + body, hashlib.sha256)
    return "v1," + base64.b64encode(mac.digest()).decode()

def send(buyer_id, msg_id, text):
    body = json.dumps({"contact": {"external_id": buyer_id, "name": f"Lanshan buyer {buyer_id}"},
                       "message": {"id": msg_id, "text": text}}).encode()
    ts, wid = str(int(time.time())), f"lanshan-{msg_id}"  # the same webhook-id on every retry
    req = urllib.request.Request(
        f"{os.environ['KEFU_URL']}/api/v1/channels/api/{os.environ['KEFU_INBOX_ID']}/messages", body,
        {"Content-Type": "application/json", "webhook-id": wid, "webhook-timestamp": ts,
         "webhook-signature": sign(wid, ts, body)})
    with urllib.request.urlopen(req, timeout=10) as resp:
        print(resp.status, resp.read().decode(), flush=True)

class Callbacks(BaseHTTPRequestHandler):
    seen = set()  # webhook-ids already forwarded: kefu retries with the same id

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        wid, ts = self.headers.get("webhook-id", ""), self.headers.get("webhook-timestamp", "0")
        sigs = self.headers.get("webhook-signature", "").split()
        fresh = ts.isdigit() and abs(time.time() - int(ts)) < 300
        if not fresh or not any(hmac.compare_digest(s, sign(wid, ts, body)) for s in sigs):
            return self.answer(401, {"error": "bad signature"})
        if wid not in self.seen:
            self.seen.add(wid)
            event = json.loads(body)
            # A real bridge calls the shop's send-message API here; this one prints the reply.
            print(json.dumps({"to_buyer": event["contact"]["external_id"], "text": event["message"]["text"],
                              "agent": event["message"]["sender"]["name"]}, ensure_ascii=False), flush=True)
        self.answer(200, {"id": "lanshan-" + wid})

    def answer(self, status, doc):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps(doc).encode())

    def log_message(self, *args):
        pass

if __name__ == "__main__":
    if sys.argv[1:2] == ["send"] and len(sys.argv) == 5:
        send(*sys.argv[2:])
    elif sys.argv[1:] == ["serve"]:
        server = HTTPServer(("127.0.0.1", int(os.environ.get("BRIDGE_PORT", "8090"))), Callbacks)
        print("listening on", server.server_address[1], flush=True)
        server.serve_forever()
    else:
        sys.exit(__doc__)
