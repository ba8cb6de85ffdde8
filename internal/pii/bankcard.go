package pii

// Bank card numbers: 13 to 19 digits whose last digit is the Luhn check digit (ISO/IEC 7812).
//
// UnionPay: cards of the 62 range are issued under ISO/IEC 7812 and current ones carry a Luhn
// check digit, but the Luhn check was not mandatory for the earliest domestic issues, and
// numbers of such cards that fail it are still in circulation and widely reported. A 16 to 19
// digit number starting with 62 is therefore taken as a card even when Luhn fails. The cost is
// that an order or tracking number of that shape is masked too; numbers of any other prefix must
// pass Luhn.

// isBankCard reports whether d, the digit values of a candidate, is a bank card number.
func isBankCard(d []byte) bool {
	if len(d) < 13 || len(d) > 19 {
		return false
	}
	for _, v := range d {
		if v > 9 {
			return false
		}
	}
	if d[0] == 6 && d[1] == 2 && len(d) >= 16 {
		return true
	}
	return luhnValid(d)
}

// luhnValid reports whether the last digit of d is its Luhn check digit.
func luhnValid(d []byte) bool {
	sum := 0
	for i := len(d) - 1; i >= 0; i-- {
		v := int(d[i])
		if (len(d)-1-i)%2 == 1 {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
	}
	return sum%10 == 0
}

// bankGrouping reports whether the lengths of the groups are a way cards are written: one
// block, blocks of four with a shorter last one, or 4-6-5 / 4-6-4 as on 15 and 14 digit cards.
func bankGrouping(gs []group) bool {
	if len(gs) == 1 {
		return true
	}
	if len(gs) == 3 && len(gs[0].digits) == 4 && len(gs[1].digits) == 6 {
		n := len(gs[2].digits)
		return n == 5 || n == 4
	}
	for _, g := range gs[:len(gs)-1] {
		if len(g.digits) != 4 {
			return false
		}
	}
	n := len(gs[len(gs)-1].digits)
	return n >= 1 && n <= 4
}
