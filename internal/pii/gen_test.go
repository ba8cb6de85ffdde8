package pii

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// A sample is a generated message and the byte range of the entity it holds (Start == End for
// a near miss, which holds none).
type sample struct {
	text       string
	start, end int
}

// generator builds valid and near-miss samples of one kind from a seeded source, so the
// accuracy figures are the same on every run.
type generator struct{ rng *rand.Rand }

func newGenerator(seed uint64) *generator {
	return &generator{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

var (
	samplePrefixes = []string{"", "我的号码是", "ID: ", "请帮我查一下 ", "(", "卡号：", "hello, it is ", "号码 "}
	sampleSuffixes = []string{"", "，谢谢", ". Thanks", ")", "。", " 好的", "!"}
)

// embed puts entity into a random sentence; lead is how many bytes of entity come before the
// part a detector must find (a country code), 0 for the whole entity.
func (g *generator) embed(entity string, lead int) sample {
	p := samplePrefixes[g.rng.IntN(len(samplePrefixes))]
	s := sampleSuffixes[g.rng.IntN(len(sampleSuffixes))]
	return sample{text: p + entity + s, start: len(p) + lead, end: len(p) + len(entity)}
}

// miss puts a near-miss into a random sentence.
func (g *generator) miss(entity string) sample {
	sm := g.embed(entity, 0)
	sm.start, sm.end = 0, 0
	return sm
}

func (g *generator) digits(n int) []byte {
	d := make([]byte, n)
	for i := range d {
		d[i] = byte(g.rng.IntN(10))
	}
	return d
}

func digitString(d []byte) string {
	var b strings.Builder
	for _, v := range d {
		if v == 10 {
			b.WriteByte('X')
		} else {
			b.WriteByte('0' + v)
		}
	}
	return b.String()
}

// fullWidth writes s's ASCII digits as full-width digits.
func fullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r - '0' + '０'
		}
		return r
	}, s)
}

// idDigits returns a valid ID card number's 18 digit values.
func (g *generator) idDigits() []byte {
	provinces := []int{11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44,
		45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71}
	p := provinces[g.rng.IntN(len(provinces))]
	year, month := 1930+g.rng.IntN(90), 1+g.rng.IntN(12)
	day := 1 + g.rng.IntN(daysIn(year, month))
	s := fmt.Sprintf("%02d%02d%02d%04d%02d%02d%03d", p, 1+g.rng.IntN(30), 1+g.rng.IntN(40), year, month, day, g.rng.IntN(1000))
	d := make([]byte, 18)
	for i := range 17 {
		d[i] = s[i] - '0'
	}
	d[17] = idCheck(d[:17])
	return d
}

func (g *generator) validID() sample {
	s := digitString(g.idDigits())
	switch g.rng.IntN(5) {
	case 0:
		s = fullWidth(s)
	case 1:
		s = strings.ToLower(s)
	}
	return g.embed(s, 0)
}

func (g *generator) nearMissID() sample {
	d := g.idDigits()
	switch g.rng.IntN(7) {
	case 0: // wrong check character
		d[17] = (d[17] + 1 + byte(g.rng.IntN(10))) % 11
	case 1: // month 13 to 99
		d[10], d[11] = byte(1+g.rng.IntN(9)), byte(3+g.rng.IntN(7))
		d[17] = idCheck(d[:17])
	case 2: // day 32 to 99
		d[12], d[13] = byte(4+g.rng.IntN(6)), byte(g.rng.IntN(10))
		d[17] = idCheck(d[:17])
	case 3: // unknown province
		bad := []byte{0, 10, 16, 20, 24, 38, 47, 55, 66, 72, 80, 84, 99}
		b := bad[g.rng.IntN(len(bad))]
		d[0], d[1] = b/10, b%10
		d[17] = idCheck(d[:17])
	case 4: // 17 or 19 digits
		if g.rng.IntN(2) == 0 {
			d = d[1:]
		} else {
			d = append(d, byte(g.rng.IntN(10)))
		}
	case 5: // inside a longer run of digits
		return g.miss(digitString(g.digits(1+g.rng.IntN(4))) + digitString(d))
	case 6: // inside an identifier
		return g.miss("order_" + digitString(d) + "abc"[:g.rng.IntN(4)])
	}
	return g.miss(digitString(d))
}

func (g *generator) mobileDigits() []byte {
	d := g.digits(11)
	d[0], d[1] = 1, byte(3+g.rng.IntN(7))
	return d
}

func (g *generator) validMobile() sample {
	s := digitString(g.mobileDigits())
	switch g.rng.IntN(4) {
	case 0:
		sep := " -"[g.rng.IntN(2)]
		s = s[:3] + string(sep) + s[3:7] + string(sep) + s[7:]
	case 1:
		s = fullWidth(s)
	}
	prefixes := []string{"", "", "+86", "+86 ", "0086", "0086-", "86 ", "+86-"}
	cc := prefixes[g.rng.IntN(len(prefixes))]
	return g.embed(cc+s, len(cc))
}

func (g *generator) nearMissMobile() sample {
	d := g.mobileDigits()
	switch g.rng.IntN(6) {
	case 0: // no such network: 10, 11, 12
		d[1] = byte(g.rng.IntN(3))
	case 1: // 10 or 12 digits
		if g.rng.IntN(2) == 0 {
			d = d[:10]
		} else {
			d = append(d, byte(g.rng.IntN(10)))
		}
	case 2: // inside a longer run of digits
		return g.miss(digitString(g.digits(1+g.rng.IntN(3))) + digitString(d))
	case 3: // inside an identifier
		return g.miss("user" + digitString(d))
	case 4: // not a 3-4-4 grouping
		s := digitString(d)
		return g.miss(s[:4] + " " + s[4:7] + " " + s[7:])
	case 5: // a decimal number
		return g.miss("3." + digitString(d))
	}
	return g.miss(digitString(d))
}

// cardDigits returns a Luhn-valid card number of a common brand.
func (g *generator) cardDigits() []byte {
	brands := []struct {
		prefix string
		length int
	}{{"62", 16}, {"62", 19}, {"4", 16}, {"51", 16}, {"55", 16}, {"34", 15}, {"37", 15}, {"6011", 16}, {"35", 16}, {"62", 17}}
	b := brands[g.rng.IntN(len(brands))]
	d := g.digits(b.length)
	for i := range b.prefix {
		d[i] = b.prefix[i] - '0'
	}
	d[len(d)-1] = 0
	for v := byte(0); v < 10; v++ {
		if d[len(d)-1] = v; luhnValid(d) {
			break
		}
	}
	return d
}

func groupedBy4(s string, sep string) string {
	var parts []string
	for len(s) > 4 {
		parts, s = append(parts, s[:4]), s[4:]
	}
	return strings.Join(append(parts, s), sep)
}

func (g *generator) validCard() sample {
	s := digitString(g.cardDigits())
	switch g.rng.IntN(4) {
	case 0:
		s = groupedBy4(s, " ")
	case 1:
		s = groupedBy4(s, "-")
	case 2:
		s = fullWidth(s)
	}
	return g.embed(s, 0)
}

// nearMissCard never starts with 62: a 62 number of 16 to 19 digits is a card by design, Luhn
// or not (see bankcard.go).
func (g *generator) nearMissCard() sample {
	d := g.cardDigits()
	if d[0] == 6 && d[1] == 2 {
		d[1] = 5
		d[len(d)-1] = (d[len(d)-1] + 1) % 10
		for !luhnValid(d) {
			d[len(d)-1] = (d[len(d)-1] + 1) % 10
		}
	}
	switch g.rng.IntN(5) {
	case 0: // wrong check digit
		d[len(d)-1] = (d[len(d)-1] + 1 + byte(g.rng.IntN(9))) % 10
	case 1: // 20 to 22 digits
		d = append(d, g.digits(20-len(d)+g.rng.IntN(3))...)
	case 2: // a digit changed (Luhn catches every single-digit error)
		i := 1 + g.rng.IntN(len(d)-2)
		d[i] = (d[i] + 1 + byte(g.rng.IntN(9))) % 10
	case 3: // inside an identifier
		return g.miss("TX" + digitString(d))
	case 4: // grouped in a way no card is written
		s := digitString(d)
		return g.miss(s[:3] + " " + s[3:10] + " " + s[10:])
	}
	return g.miss(digitString(d))
}

const (
	lower     = "abcdefghijklmnopqrstuvwxyz"
	localMore = lower + "0123456789._+-"
)

func (g *generator) word(alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[g.rng.IntN(len(alphabet))]
	}
	return string(b)
}

func (g *generator) emailParts() (local, domain string) {
	local = g.word(lower, 1) + g.word(lower+"0123456789", g.rng.IntN(10))
	if g.rng.IntN(3) == 0 {
		local += "." + g.word(lower, 1+g.rng.IntN(5))
	}
	tlds := []string{"com", "cn", "net", "org", "com.cn", "io", "edu.cn"}
	domain = g.word(lower, 2+g.rng.IntN(8)) + "." + tlds[g.rng.IntN(len(tlds))]
	return local, domain
}

func (g *generator) validEmail() sample {
	local, domain := g.emailParts()
	if g.rng.IntN(4) == 0 {
		domain = strings.ToUpper(domain)
	}
	return g.embed(local+"@"+domain, 0)
}

func (g *generator) nearMissEmail() sample {
	local, domain := g.emailParts()
	switch g.rng.IntN(6) {
	case 0:
		return g.miss(local + "@" + g.word(lower, 3+g.rng.IntN(6)))
	case 1:
		return g.miss(local + "@" + g.word(lower, 3) + "." + g.word("0123456789", 2))
	case 2:
		return g.miss("@" + domain)
	case 3:
		return g.miss(local + "@" + g.word(lower, 3) + ".." + "com")
	case 4:
		return g.miss(local + "@-" + domain)
	}
	return g.miss(local + "@" + g.word(lower, 3) + "." + g.word(lower, 1))
}
