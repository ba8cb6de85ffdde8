package kefu

import "testing"

// TestAuditDiffKeepsChangedFieldsOnly: unchanged fields are dropped, added and removed ones
// show on their side only, and nothing changed gives nil on both sides.
func TestAuditDiffKeepsChangedFieldsOnly(t *testing.T) {
	tests := []struct {
		name          string
		before, after map[string]any
		wantB, wantA  string
	}{
		{"role changed", map[string]any{"name": "Li", "role": "agent"}, map[string]any{"name": "Li", "role": "admin"},
			`{"role":"agent"}`, `{"role":"admin"}`},
		{"created", nil, map[string]any{"name": "Li"}, ``, `{"name":"Li"}`},
		{"deleted", map[string]any{"name": "Li"}, nil, `{"name":"Li"}`, ``},
		{"nested change", map[string]any{"s": map[string]any{"a": 1.0}}, map[string]any{"s": map[string]any{"a": 2.0}},
			`{"s":{"a":1}}`, `{"s":{"a":2}}`},
		{"nothing changed", map[string]any{"m": []any{"x"}}, map[string]any{"m": []any{"x"}}, ``, ``},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, a := AuditDiff(tt.before, tt.after)
			if string(b) != tt.wantB || string(a) != tt.wantA {
				t.Errorf("got %s / %s, want %s / %s", b, a, tt.wantB, tt.wantA)
			}
		})
	}
}
