package contact

import (
	"strings"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
)

func TestApplyValidates(t *testing.T) {
	str := func(s string) *string { return &s }
	tests := []struct {
		name      string
		patch     Patch
		wantField string // "" = accepted
	}{
		{"plain update", Patch{Name: str(" 王小明 "), Email: str("Ming@Example.com"), Phone: str("+86 138-0013-8000")}, ""},
		{"bad email", Patch{Email: str("not an email")}, "email"},
		{"display-name email", Patch{Email: str("Ming <ming@example.com>")}, "email"},
		{"letters in phone", Patch{Phone: str("call me")}, "phone"},
		{"too few digits", Patch{Phone: str("12")}, "phone"},
		{"name too long", Patch{Name: str(strings.Repeat("名", 201))}, "name"},
		{"empty attribute name", Patch{Attributes: map[string]string{"": "x"}}, "attributes"},
		{"attribute too long", Patch{Attributes: map[string]string{"k": strings.Repeat("x", 1025)}}, "attributes"},
		{"clearing is fine", Patch{Email: str(""), Phone: str("")}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &kefu.Contact{}
			err := apply(c, tt.patch)
			var ke *kefu.Error
			switch {
			case tt.wantField == "" && err != nil:
				t.Fatalf("apply() = %v, want accepted", err)
			case tt.wantField != "" && (err == nil || !asError(err, &ke) || ke.Field != tt.wantField):
				t.Fatalf("apply() = %v, want an invalid_input error on %q", err, tt.wantField)
			}
		})
	}
}

func TestApplyNormalises(t *testing.T) {
	c := &kefu.Contact{Attributes: map[string]string{"plan": "pro", "old": "x"}}
	name, email := " 王小明 ", "Ming@Example.com"
	if err := apply(c, Patch{Name: &name, Email: &email, Attributes: map[string]string{"old": "", "page": "/pricing"}}); err != nil {
		t.Fatal(err)
	}
	if c.Name != "王小明" || c.Email != "ming@example.com" {
		t.Errorf("name, email = %q, %q; want trimmed and lower-cased", c.Name, c.Email)
	}
	want := map[string]string{"plan": "pro", "page": "/pricing"}
	if len(c.Attributes) != len(want) || c.Attributes["plan"] != "pro" || c.Attributes["page"] != "/pricing" {
		t.Errorf("attributes = %v, want %v (merged, empty value removes)", c.Attributes, want)
	}
}

func asError(err error, target **kefu.Error) bool {
	e, ok := err.(*kefu.Error)
	*target = e
	return ok
}
