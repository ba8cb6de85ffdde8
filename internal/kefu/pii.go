package kefu

// PIIPolicy is how an inbox treats personal data (ID card, bank card and mobile numbers, email
// addresses, the organisation's own patterns) in what its customers send.
type PIIPolicy string

// The policies. Off leaves text alone. Mask stores text as given and shows it masked to agents,
// who reveal it one message at a time when they hold PermPIIReveal (audited). MaskAtStorage masks
// text before it is stored: the original is dropped and cannot be revealed.
const (
	PIIOff           PIIPolicy = "off"
	PIIMask          PIIPolicy = "mask"
	PIIMaskAtStorage PIIPolicy = "mask_at_storage"
)

// Valid reports whether p is a known policy.
func (p PIIPolicy) Valid() bool { return p == PIIOff || p == PIIMask || p == PIIMaskAtStorage }

// Masks reports whether agents see text masked under p.
func (p PIIPolicy) Masks() bool { return p == PIIMask || p == PIIMaskAtStorage }
