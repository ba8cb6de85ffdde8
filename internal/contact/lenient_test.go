package contact

import (
	"strings"
	"testing"
)

func TestLenientDropsOnlyBadFields(t *testing.T) {
	p := Profile{Name: "Ada", Email: "not-an-email", Phone: "+49 30 1234", Attributes: map[string]string{"plan": "gold", "": "x", "big": strings.Repeat("x", 2000)}}
	got, dropped := Lenient(p)
	if got.Name != "Ada" || got.Email != "" || got.Phone != "+49 30 1234" {
		t.Errorf("profile = %+v, want name and phone kept, email dropped", got)
	}
	if len(got.Attributes) != 1 || got.Attributes["plan"] != "gold" {
		t.Errorf("attributes = %v, want only plan", got.Attributes)
	}
	var fields []string
	for _, e := range dropped {
		fields = append(fields, e.Field)
	}
	if strings.Join(fields, ",") != "email,attributes,attributes" {
		t.Errorf("dropped fields = %v, want email and two attributes", fields)
	}
}
