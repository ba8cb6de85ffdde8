package pii

// A run is a stretch of digits in which single spaces or dashes may separate groups, as people
// write card and phone numbers: "6222 0212 3456 7890", "138-1234-5678". Entities are looked for
// in whole groups of a run only, so digits inside a longer group never match.
type run struct {
	groups     []group
	gluedLeft  bool // the run follows a letter, digit or underscore: its first group is part of an identifier
	gluedRight bool // a letter or underscore follows the run: its last group is part of an identifier
}

// group is one unseparated stretch of digits: its byte range and digit values (10 for a
// trailing X check character).
type group struct {
	start, end int
	digits     []byte
}

// digitAt returns the value of the digit at s[i], ASCII or full-width, and its byte width;
// width 0 when s[i] starts no digit.
func digitAt(s string, i int) (byte, int) {
	c := s[i]
	if c >= '0' && c <= '9' {
		return c - '0', 1
	}
	if c == 0xEF && i+2 < len(s) && s[i+1] == 0xBC && s[i+2] >= 0x90 && s[i+2] <= 0x99 {
		return s[i+2] - 0x90, 3
	}
	return 0, 0
}

// isWordByte reports whether c is an ASCII letter, digit or underscore: what an identifier is
// made of.
func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// gluedBefore reports whether the text just before i continues a word or a number: a word
// byte, a full-width digit, or a decimal point after a digit.
func gluedBefore(s string, i int) bool {
	if i == 0 {
		return false
	}
	c := s[i-1]
	if isWordByte(c) {
		return true
	}
	if c == '.' && i >= 2 && s[i-2] >= '0' && s[i-2] <= '9' {
		return true
	}
	if i >= 3 {
		if _, w := digitAt(s, i-3); w == 3 {
			return true
		}
	}
	return false
}

// gluedAfter reports whether the text at i continues a word or a number: a letter or
// underscore (digits are already part of the run), or a decimal point before a digit.
func gluedAfter(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	c := s[i]
	if isWordByte(c) {
		return true
	}
	return c == '.' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9'
}

// scanRun reads the run starting at the digit at i into r (reusing its storage) and returns
// the byte offset just after it.
func scanRun(s string, i int, r *run) int {
	r.groups = r.groups[:0]
	r.gluedLeft = gluedBefore(s, i)
	for {
		g := group{start: i, digits: r.nextDigits()}
		i = readGroup(s, i, &g)
		r.groups = append(r.groups, g)
		if i+1 >= len(s) || (s[i] != ' ' && s[i] != '-') {
			break
		}
		if _, w := digitAt(s, i+1); w == 0 {
			break
		}
		i++
	}
	r.gluedRight = gluedAfter(s, i)
	return i
}

// nextDigits returns an empty slice for the next group that reuses storage left by earlier runs.
func (r *run) nextDigits() []byte {
	if n := len(r.groups); n < cap(r.groups) {
		return r.groups[:n+1][n].digits[:0]
	}
	return nil
}

// readGroup reads the digits of one group from i into g, with a trailing X or x taken as a check
// character after exactly 17 digits, and returns the offset after it.
func readGroup(s string, i int, g *group) int {
	for i < len(s) {
		d, w := digitAt(s, i)
		if w == 0 {
			break
		}
		g.digits = append(g.digits, d)
		i += w
	}
	if len(g.digits) == 17 && i < len(s) && (s[i] == 'X' || s[i] == 'x') {
		g.digits = append(g.digits, 10)
		i++
	}
	g.end = i
	return i
}
