package pii

// Policy is how an inbox treats personal data in what customers send.
type Policy string

// The policies. Off leaves text alone; Mask stores it as given and shows it masked to agents
// who may not reveal it; MaskAtStorage masks it before it is stored, so the original is gone.
const (
	PolicyOff           Policy = "off"
	PolicyMask          Policy = "mask"
	PolicyMaskAtStorage Policy = "mask_at_storage"
)

// Valid reports whether p is a known policy.
func (p Policy) Valid() bool {
	return p == PolicyOff || p == PolicyMask || p == PolicyMaskAtStorage
}

// Masks reports whether agents see text masked under p.
func (p Policy) Masks() bool { return p == PolicyMask || p == PolicyMaskAtStorage }

// Policies lists the policies, for validation messages and the OpenAPI enum.
func Policies() []Policy { return []Policy{PolicyOff, PolicyMask, PolicyMaskAtStorage} }
