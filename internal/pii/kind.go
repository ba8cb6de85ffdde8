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

// Match is one piece of personal data found in a text: what it is and its byte range
// [Start, End).
type Match struct {
	Kind  Kind `json:"kind" enum:"id_card,bank_card,mobile,email,custom"`
	Start int  `json:"start"`
	End   int  `json:"end"`
}
