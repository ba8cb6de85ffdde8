// Package jsonenctest helps the tests that compare kefu's hand-written JSON encoders with
// encoding/json: it fills values with random data and compares the two encodings.
package jsonenctest

import (
	"math/rand/v2"
	"reflect"
	"time"
)

// awkward are strings that exercise every escaping rule: quotes, backslashes, control
// characters, HTML-significant characters, JavaScript line separators, CJK and emoji, and
// invalid or truncated UTF-8.
var awkward = []string{
	"",
	"plain text",
	`quote " and back\slash`,
	"<script>alert('x')</script> & more",
	"line\nbreak\ttab\rreturn\bbackspace\fformfeed\x00nul\x1fus\x7fdel",
	"中文客服 😀 ünïcødé",
	"separators \u2028 and \u2029",
	"invalid \xff\xfe bytes",
	"truncated \xe2\x80",
	"\xf0\x9f\x98",
}

var zones = []*time.Location{
	time.UTC,
	time.FixedZone("CST", 8*3600),
	time.FixedZone("", -(5*3600 + 30*60)),
}

// Fill sets every exported field reachable from ptr (a non-nil pointer) to random data:
// strings from a list of awkward ones or random runes, numbers of either sign, times in
// several zones with and without fractions, and pointers and slices sometimes nil, sometimes
// empty. Interface fields are left alone.
func Fill(r *rand.Rand, ptr any) {
	fill(r, reflect.ValueOf(ptr).Elem())
}

var timeType = reflect.TypeFor[time.Time]()

func fill(r *rand.Rand, v reflect.Value) {
	if v.Type() == timeType {
		v.Set(reflect.ValueOf(randomTime(r)))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(randomString(r))
	case reflect.Int, reflect.Int64, reflect.Int32:
		v.SetInt(randomInt(r))
	case reflect.Bool:
		v.SetBool(r.IntN(2) == 1)
	case reflect.Pointer:
		if r.IntN(3) == 0 {
			v.SetZero()
			return
		}
		p := reflect.New(v.Type().Elem())
		fill(r, p.Elem())
		v.Set(p)
	case reflect.Slice:
		fillSlice(r, v)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(r, v.Field(i))
			}
		}
	}
}

func fillSlice(r *rand.Rand, v reflect.Value) {
	switch r.IntN(4) {
	case 0:
		v.SetZero()
		return
	case 1:
		v.Set(reflect.MakeSlice(v.Type(), 0, 0))
		return
	}
	s := reflect.MakeSlice(v.Type(), 1+r.IntN(3), 3)
	for i := range s.Len() {
		fill(r, s.Index(i))
	}
	v.Set(s)
}

func randomString(r *rand.Rand) string {
	if r.IntN(2) == 0 {
		return awkward[r.IntN(len(awkward))]
	}
	runes := make([]rune, r.IntN(12))
	for i := range runes {
		switch r.IntN(4) {
		case 0:
			runes[i] = rune(r.IntN(0x80))
		case 1:
			runes[i] = rune(0x4e00 + r.IntN(0x5000)) // CJK
		default:
			runes[i] = rune(r.IntN(0x110000))
		}
	}
	return string(runes)
}

func randomInt(r *rand.Rand) int64 {
	switch r.IntN(3) {
	case 0:
		return 0
	case 1:
		return r.Int64N(1000)
	}
	return r.Int64() - r.Int64()
}

func randomTime(r *rand.Rand) time.Time {
	sec := r.Int64N(4_000_000_000) // 1970 to 2096
	var nsec int64
	switch r.IntN(3) {
	case 1:
		nsec = r.Int64N(1000) * int64(time.Millisecond)
	case 2:
		nsec = r.Int64N(int64(time.Second))
	}
	return time.Unix(sec, nsec).In(zones[r.IntN(len(zones))])
}
