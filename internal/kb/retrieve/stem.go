package retrieve

import "github.com/kljensen/snowball/english"

// stem reduces an English word to its Snowball (Porter2) stem, so that the forms of one word
// meet: shipped, shipping → ship; tried, tries → tri; located, location → locat. Index and
// query stem alike; prefix matching (see expand) still joins forms the stemmer keeps apart,
// such as deliver / delivery.
func stem(w string) string {
	return english.Stem(w, true)
}
