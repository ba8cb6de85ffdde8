package problem

import (
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

func TestRetryAfterPolicy(t *testing.T) {
	want := map[kefu.Code]time.Duration{
		kefu.CodeRateLimited: time.Second,
		kefu.CodeOverloaded:  5 * time.Second,
		kefu.CodeUnavailable: 5 * time.Second,
	}
	for _, tt := range everyCode {
		if got := RetryAfter(tt.code); got != want[tt.code] {
			t.Errorf("RetryAfter(%s) = %s, want %s", tt.code, got, want[tt.code])
		}
		// Exactly the 429 and 503 answers say when to retry.
		retry := tt.status == 429 || tt.status == 503
		if has := New(tt.code, "").GetHeaders().Get("Retry-After") != ""; has != retry {
			t.Errorf("%s (%d): Retry-After sent = %v, want %v", tt.code, tt.status, has, retry)
		}
	}
}

func TestSecondsRoundsUp(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want int
	}{{time.Second, 1}, {1500 * time.Millisecond, 2}, {time.Millisecond, 1}, {5 * time.Second, 5}, {0, 0}}
	for _, tt := range tests {
		if got := Seconds(tt.d); got != tt.want {
			t.Errorf("Seconds(%s) = %d, want %d", tt.d, got, tt.want)
		}
	}
}
