package kefu

import (
	"testing"
	"time"
)

// TestVisitNext: a page view within 30 minutes of the last continues the visit (the first
// referrer kept); one after 30 minutes away starts the next visit.
func TestVisitNext(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	pv := func(at time.Time, url, ref string) PageView {
		return PageView{URL: url, Referrer: ref, At: at}
	}
	first := (*Visit)(nil).Next(pv(t0, "/a", "https://search.example"))
	if first.Visits != 1 || first.PageViews != 1 || !first.StartedAt.Equal(t0) || first.Referrer != "https://search.example" {
		t.Fatalf("first = %+v, want visit 1 from t0 with the referrer", first)
	}
	same := first.Next(pv(t0.Add(29*time.Minute), "/b", "/a"))
	if same.Visits != 1 || same.PageViews != 2 || !same.StartedAt.Equal(t0) || same.Referrer != "https://search.example" || same.PageURL != "/b" {
		t.Errorf("29 min later = %+v, want the same visit, 2 page views, the first referrer", same)
	}
	later := t0.Add(29*time.Minute + VisitAbsence)
	next := same.Next(pv(later, "/c", "https://mail.example"))
	if next.Visits != 2 || next.PageViews != 1 || !next.StartedAt.Equal(later) || next.Referrer != "https://mail.example" {
		t.Errorf("30 min away = %+v, want visit 2 from now with its own referrer", next)
	}
}
