package pii

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestMaskShapes(t *testing.T) {
	tests := []struct{ in, want string }{
		{"身份证110105199003071234? no", "身份证110105199003071234? no"}, // wrong check character
		{"身份证 11010519491231002X 谢谢", "身份证 110***********002X 谢谢"},
		{"id 110101199003078515.", "id 110***********8515."},
		{"call 13812345678", "call 138****5678"},
		{"call +86 138-1234-5678 now", "call +86 138-****-5678 now"},
		{"call 008613812345678", "call 0086138****5678"},
		{"电话：１３８１２３４５６７８", "电话：１３８****５６７８"},
		{"card 6222 0212 3456 7890 now", "card 6222 **** **** 7890 now"},
		{"visa 4111-1111-1111-1111", "visa 4111-****-****-1111"},
		{"mail zhangsan@example.com.", "mail z***@example.com."},
		{"order 2024061213812345678 shipped", "order 2024061213812345678 shipped"},
		{"ref ABC13812345678", "ref ABC13812345678"},
		{"pi 3.13812345678", "pi 3.13812345678"},
		{"user@localhost and 4111111111111112", "user@localhost and 4111111111111112"},
		{"no personal data here", "no personal data here"},
	}
	var sc *Scanner
	for _, tt := range tests {
		if got, _ := sc.Mask(tt.in); got != tt.want {
			t.Errorf("Mask(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMaskIsStable(t *testing.T) {
	var sc *Scanner
	in := "ID 110101199003078515, card 6222021234567890, 13812345678, zhangsan@example.com"
	once, changed := sc.Mask(in)
	twice, again := sc.Mask(once)
	if !changed || again || once != twice {
		t.Errorf("masking the masked text changed it: %q -> %q (changed %v, %v)", once, twice, changed, again)
	}
}

func TestCustomPatterns(t *testing.T) {
	ps, err := CompileAll([]PatternSpec{{Name: "member", Expr: `VIP-[0-9]{6}`}})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := NewScanner(ps).Mask("member VIP-123456 and 13812345678")
	if want := "member ********** and 138****5678"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	for _, bad := range []PatternSpec{
		{Name: "", Expr: "x"}, {Name: "empty", Expr: "a*"}, {Name: "syntax", Expr: "("},
		{Name: "backref", Expr: `(a)\1`}, {Name: "long", Expr: strings.Repeat("a", MaxPatternLen+1)},
	} {
		if _, err := Compile(bad); err == nil {
			t.Errorf("Compile(%+v): no error", bad)
		}
	}
	if _, err := CompileAll(make([]PatternSpec, MaxPatterns+1)); err == nil {
		t.Error("CompileAll accepted more than MaxPatterns")
	}
}

// FuzzMask checks that masking never panics, changes text only inside the matches, keeps the
// length in characters of every number it masks and gives every email the masked shape.
func FuzzMask(f *testing.F) {
	for _, s := range []string{"", "13812345678", "+86 138-1234-5678", "11010519491231002X",
		"6222 0212 3456 7890", "a@b.cn", "１３８１２３４５６７８", "x@y@z.com", "1-2-3-4-5-6-7-8", "\xef\xbc"} {
		f.Add(s)
	}
	ps, _ := CompileAll([]PatternSpec{{Name: "vip", Expr: `VIP-\d+`}})
	sc := NewScanner(ps)
	f.Fuzz(func(t *testing.T, in string) {
		ms := sc.Find(in)
		out := Apply(in, ms)
		prev, pos := 0, 0
		for _, m := range ms {
			if m.Start < prev || m.End <= m.Start || m.End > len(in) {
				t.Fatalf("bad match %+v after %d in %q", m, prev, in)
			}
			gap := in[prev:m.Start]
			if !strings.HasPrefix(out[pos:], gap) {
				t.Fatalf("text outside matches changed: %q -> %q", in, out)
			}
			pos += len(gap)
			orig := in[m.Start:m.End]
			masked := maskedLen(orig, m.Kind)
			seg := out[pos : pos+masked]
			checkMasked(t, orig, seg, m.Kind)
			pos, prev = pos+masked, m.End
		}
		if out[pos:] != in[prev:] {
			t.Fatalf("text after the last match changed: %q -> %q", in, out)
		}
	})
}

// maskedLen is the byte length the masked form of orig must have.
func maskedLen(orig string, k Kind) int {
	switch k {
	case KindEmail:
		return 4 + len(orig) - strings.IndexByte(orig, '@')
	case KindCustom:
		return utf8.RuneCountInString(orig)
	}
	return digitMaskedLen(orig, k)
}

// digitMaskedLen is the byte length of orig with its masked digits replaced by one byte each.
func digitMaskedLen(orig string, k Kind) int {
	keep, tail := 3, 4
	if k == KindBankCard {
		keep = 4
	}
	total, n, seen := countDigits(orig), 0, 0
	for i := 0; i < len(orig); {
		_, w := digitAt(orig, i)
		if w == 0 && orig[i] != 'X' && orig[i] != 'x' {
			n, i = n+1, i+1
			continue
		}
		w = max(w, 1)
		if seen < keep || seen >= total-tail {
			n += w
		} else {
			n++
		}
		seen, i = seen+1, i+w
	}
	return n
}

// checkMasked checks the masked form seg of orig, a match of kind k.
func checkMasked(t *testing.T, orig, seg string, k Kind) {
	switch k {
	case KindEmail:
		if seg[0] != orig[0] || seg[1:4] != "***" || seg[4:] != orig[strings.IndexByte(orig, '@'):] {
			t.Fatalf("email %q masked as %q", orig, seg)
		}
	case KindCustom:
		if seg != strings.Repeat("*", utf8.RuneCountInString(orig)) {
			t.Fatalf("custom %q masked as %q", orig, seg)
		}
	default:
		if utf8.RuneCountInString(seg) != utf8.RuneCountInString(orig) || !strings.Contains(seg, "*") {
			t.Fatalf("%s %q masked as %q: length in characters changed or nothing masked", k, orig, seg)
		}
	}
}
