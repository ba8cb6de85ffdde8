package main

import "testing"

func TestRatiosPairKefuWithTheBaselineOfItsScenario(t *testing.T) {
	chat := &Result{Scenario: "chat", Target: "kefu (sqlite)"}
	chat.add("visitors", 100, "")
	chat.add("visitor → agent p99", 10, "ms")
	chat.add("server CPU per 1,000 messages", 450, "ms")
	relayChat := &Result{Scenario: "chat", Target: baselineTarget}
	relayChat.add("visitors", 100, "")
	relayChat.add("visitor → agent p99", 0.5, "ms")
	relayChat.add("server CPU per 1,000 messages", 90, "ms")
	max := &Result{Scenario: "max", Target: "kefu (sqlite)"}
	max.add("step 5000 msg/s: delivery p99", 30, "ms")
	max.add("step 5000 msg/s: server CPU per 1,000 msgs", 160, "ms")
	max.add("step 6000 msg/s: delivery p99", 60, "ms")
	relayMax := &Result{Scenario: "max", Target: baselineTarget}
	relayMax.add("step 5000 msg/s: delivery p99", 0, "ms") // nothing to divide by
	relayMax.add("step 5000 msg/s: server CPU per 1,000 msgs", 64, "ms")
	burst := &Result{Scenario: "burst", Target: "kefu (sqlite)"}
	burst.add("start → assignment on agent stream p99", 9, "ms")

	got := ratios([]*Result{chat, relayChat, max, relayMax, burst})
	want := []Ratio{
		{"chat", "visitor → agent p99", 10, 0.5, 20},
		{"chat", "server CPU per 1,000 messages", 450, 90, 5},
		{"max", "step 5000 msg/s: server CPU per 1,000 msgs", 160, 64, 2.5},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d ratios %+v, want %d", len(got), got, len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("ratio %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}
