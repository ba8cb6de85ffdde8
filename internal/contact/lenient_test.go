package contact

import (
	"strings"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
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

// A level a channel vouches for is kept when routing could use it, and dropped otherwise.
func TestLenientLevel(t *testing.T) {
	vip, long := "vip", strings.Repeat("v", 101)
	if got, dropped := Lenient(Profile{Level: &vip}); got.Level == nil || *got.Level != "vip" || len(dropped) != 0 {
		t.Errorf("level vip: %+v %v, want it kept", got, dropped)
	}
	if got, dropped := Lenient(Profile{Level: &long}); got.Level != nil || len(dropped) != 1 || dropped[0].Field != "level" {
		t.Errorf("level of 101 characters: %+v %v, want it dropped with a level error", got, dropped)
	}
}

// Only a signed setUser writes signed_ attributes; a visitor's own attributes cannot.
func TestCheckOwnAttributes(t *testing.T) {
	if err := CheckOwnAttributes(map[string]string{"plan": "gold", "claimed_level": "vip"}); err != nil {
		t.Errorf("ordinary attributes: %v", err)
	}
	if err := CheckOwnAttributes(map[string]string{"signed_level": "vip"}); err == nil || err.(*kefu.Error).Field != "attributes" {
		t.Errorf("signed_level: %v, want a field error on attributes", err)
	}
}
