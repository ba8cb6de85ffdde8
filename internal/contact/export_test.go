package contact

// MaskedName exposes maskedName to the external tests.
var MaskedName = maskedName
