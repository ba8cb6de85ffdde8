package main

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The worked example of docs/channels.md, docs/examples/shop_bridge.py, bridges both ways: its
// signed post becomes the buyer's message, and the agent's reply reaches its callback server,
// which verifies the signature and refuses a forged one.
func TestAPIChannelExampleBridge(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed")
	}
	script, err := filepath.Abs("../../docs/examples/shop_bridge.py")
	noErr(t, err)
	s := MustRunSQLite(t)
	o := s.mustSetupOrg("Bridge")
	inbox := s.mustAPIInbox(o, "https://93.184.215.14/kefu")
	env := append(os.Environ(), "KEFU_URL="+s.URL(), "KEFU_INBOX_ID="+inbox.ID, "KEFU_API_SECRET="+inbox.Secret, "BRIDGE_PORT=0")

	lines, port := startBridge(t, python, script, env)
	s.setAPICallback(t, o, inbox.ID, "http://127.0.0.1:"+port+"/kefu")

	send := exec.Command(python, script, "send", "buyer-42", "order-1", "你好，我的快递到哪了？")
	send.Env = env
	out, err := send.CombinedOutput()
	if err != nil || !strings.HasPrefix(string(out), "201 ") {
		t.Fatalf("bridge send: %v: %s", err, out)
	}
	var res apiResult
	if err := json.Unmarshal([]byte(strings.TrimPrefix(strings.TrimSpace(string(out)), "201 ")), &res); err != nil {
		t.Fatalf("bridge send printed %q: %v", out, err)
	}
	s.wantAPIMessages(o, res.ConversationID, "你好，我的快递到哪了？")

	var sent struct {
		Message struct {
			ID string `json:"id"`
		} `json:"message"`
	}
	s.mustDo(201, "POST", "/api/v1/conversations/"+res.ConversationID+"/messages", o.Tokens["agent"],
		map[string]string{"content": "已经到杭州了", "client_msg_id": "bridge-reply"}).JSON(t, &sent)
	if r, err := s.deliverAPIReply(t, o, inbox.ID, sent.Message.ID); err != nil || r.PlatformMsgID != "lanshan-"+sent.Message.ID {
		t.Fatalf("deliver to the bridge = %+v, %v", r, err)
	}
	select {
	case line := <-lines:
		var fwd struct {
			ToBuyer string `json:"to_buyer"`
			Text    string `json:"text"`
		}
		if err := json.Unmarshal([]byte(line), &fwd); err != nil || fwd.ToBuyer != "buyer-42" || fwd.Text != "已经到杭州了" {
			t.Errorf("bridge forwarded %q, want the reply to buyer-42", line)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the bridge forwarded nothing")
	}
	forged, err := http.Post("http://127.0.0.1:"+port+"/kefu", "application/json", strings.NewReader(`{}`))
	noErr(t, err)
	forged.Body.Close()
	if forged.StatusCode != 401 {
		t.Errorf("bridge answered an unsigned callback %d, want 401", forged.StatusCode)
	}
}

// startBridge runs the example's callback server and returns its output lines after the first,
// and its port.
func startBridge(t *testing.T, python, script string, env []string) (<-chan string, string) {
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, python, script, "serve")
	cmd.Env = env
	stdout, err := cmd.StdoutPipe()
	noErr(t, err)
	noErr(t, cmd.Start())
	t.Cleanup(func() { cancel(); cmd.Wait() })
	lines := make(chan string, 10)
	sc := bufio.NewScanner(stdout)
	if !sc.Scan() || !strings.HasPrefix(sc.Text(), "listening on ") {
		t.Fatalf("bridge did not start: %q", sc.Text())
	}
	port := strings.TrimPrefix(sc.Text(), "listening on ")
	go func() {
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	return lines, port
}

// setAPICallback points an API inbox's callback at url.
func (s *testServer) setAPICallback(t *testing.T, o *org, inboxID, url string) {
	ctx := context.Background()
	in, err := s.store.GetInbox(ctx, o.ID, inboxID)
	noErr(t, err)
	in.Config.API.CallbackURL = url
	noErr(t, s.store.UpdateInbox(ctx, in))
}
