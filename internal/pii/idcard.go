package pii

// Resident ID card numbers (GB 11643-1999): six digits of region, eight of birth date, three of
// sequence, and a check character computed with ISO 7064 MOD 11-2, 'X' standing for 10.
//
// The 15-digit form issued before 1999 is not detected: it has no check character, so about one
// random 15-digit number in a hundred has a valid region and date, and every such card expired
// by 2013. Masking order numbers for cards that no longer exist is the worse trade.

// idWeights are the MOD 11-2 weights 2^(17-i) mod 11 of the first 17 digits.
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// idCheckValues maps the weighted sum mod 11 to the check value (10 = X).
var idCheckValues = [11]byte{1, 0, 10, 9, 8, 7, 6, 5, 4, 3, 2}

// idProvinces marks the valid first two digits: the provinces, autonomous regions and
// municipalities, and 81/82/83 of the residence permits of Hong Kong, Macao and Taiwan residents.
var idProvinces = func() (p [100]bool) {
	for _, code := range []int{11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37,
		41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83} {
		p[code] = true
	}
	return p
}()

// isIDCard reports whether d, 18 digit values, is a valid ID card number.
func isIDCard(d []byte) bool {
	if len(d) != 18 {
		return false
	}
	for _, v := range d[:17] {
		if v > 9 {
			return false
		}
	}
	return validRegion(d) && validBirthDate(d[6:14]) && idCheck(d[:17]) == d[17]
}

// idCheck computes the check value of the first 17 digits.
func idCheck(d []byte) byte {
	sum := 0
	for i, v := range d {
		sum += int(v) * idWeights[i]
	}
	return idCheckValues[sum%11]
}

// validRegion checks the region code as far as it can be without the full table of about 3,500
// counties: a known province with a non-zero city and county, or a residence permit's x10000.
func validRegion(d []byte) bool {
	province := int(d[0])*10 + int(d[1])
	if !idProvinces[province] {
		return false
	}
	city, county := int(d[2])*10+int(d[3]), int(d[4])*10+int(d[5])
	if province >= 81 {
		return city == 0 && county == 0
	}
	return city != 0 && county != 0
}

// validBirthDate checks YYYYMMDD: a real calendar date between 1900 and 2099.
func validBirthDate(d []byte) bool {
	year := int(d[0])*1000 + int(d[1])*100 + int(d[2])*10 + int(d[3])
	month, day := int(d[4])*10+int(d[5]), int(d[6])*10+int(d[7])
	if year < 1900 || year > 2099 || month < 1 || month > 12 || day < 1 {
		return false
	}
	return day <= daysIn(year, month)
}

// daysIn is the number of days of month in year.
func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
