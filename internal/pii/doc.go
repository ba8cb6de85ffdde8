// Package pii finds personal data in free text and masks it: mainland China resident ID card
// numbers, bank card numbers, mainland mobile numbers, email addresses, and an organisation's
// own patterns. It has no dependencies beyond the standard library, so the conversation service
// can run it on the message path, and its detectors are pure functions of the text.
//
// Detection favours validated structure over loose patterns: an ID card number must carry a
// valid region, birth date and ISO 7064 MOD 11-2 check character; a bank card number must pass
// the Luhn check (see bankcard.go for UnionPay). A number inside a longer run of digits or an
// identifier is never taken, so order numbers and tracking codes stay readable.
package pii
