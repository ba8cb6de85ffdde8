package pii

// Kind names what a match is.
type Kind string

// The kinds of personal data the package detects.
const (
	KindIDCard   Kind = "id_card"
	KindBankCard Kind = "bank_card"
	KindMobile   Kind = "mobile"
	KindEmail    Kind = "email"
	KindCustom   Kind = "custom"
)

// Match is one piece of personal data found in a text: its byte range [Start, End) and what it
// is. Keep is how many leading and trailing digits (or runes, for custom and email) masking
// leaves readable.
type Match struct {
	Kind       Kind
	Start, End int
}
