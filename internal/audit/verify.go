package audit

import (
	"context"
	"fmt"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// ChainSource is what Verify reads; *store.Store satisfies it.
type ChainSource interface {
	// AuditHeads lists every chain's head; seq -1 for a chain whose head row is missing.
	AuditHeads(ctx context.Context) ([]kefu.AuditHead, error)
	// ScanAudit returns up to limit entries of a chain after afterSeq, oldest first.
	ScanAudit(ctx context.Context, orgID string, afterSeq int64, limit int) ([]kefu.AuditEntry, error)
}

// Report is the outcome of Verify. Broken is nil when every chain is intact.
type Report struct {
	Chains  int              // organisations with a chain, the installation's included
	Entries int64            // entries checked
	Heads   []kefu.AuditHead // every chain's head as verified, for anchoring elsewhere
	Broken  *Break
}

// Break names the first entry found wrong and why.
type Break struct {
	OrgID  string
	Seq    int64     // the entry's seq (for a missing entry, the seq that should be there)
	At     time.Time // the entry's time; for a missing one, that of the entry found in its place; zero when none
	Reason string
}

func (b *Break) Error() string {
	at := "-"
	if !b.At.IsZero() {
		at = b.At.UTC().Format(time.RFC3339Nano)
	}
	return fmt.Sprintf("audit entry org=%q seq=%d at=%s: %s", b.OrgID, b.Seq, at, b.Reason)
}

// verifyChunk is how many entries Verify holds at a time.
const verifyChunk = 1000

// Verify checks every chain: seqs from 1 without gaps, each entry's PrevHash equal to the hash
// before it, each Hash equal to Seal of its fields, and the head row naming the last entry. It
// stops at the first break. A returned error means the database could not be read.
func Verify(ctx context.Context, src ChainSource) (*Report, error) {
	heads, err := src.AuditHeads(ctx)
	if err != nil {
		return nil, err
	}
	r := &Report{Chains: len(heads), Heads: heads}
	for _, h := range heads {
		n, brk, err := verifyChain(ctx, src, h)
		r.Entries += n
		if err != nil || brk != nil {
			r.Broken = brk
			return r, err
		}
	}
	return r, nil
}

// verifyChain checks one organisation's chain against its head.
func verifyChain(ctx context.Context, src ChainSource, head kefu.AuditHead) (int64, *Break, error) {
	last := kefu.AuditHead{OrgID: head.OrgID}
	var lastAt time.Time
	for {
		entries, err := src.ScanAudit(ctx, head.OrgID, last.Seq, verifyChunk)
		if err != nil {
			return last.Seq, nil, err
		}
		for i := range entries {
			if brk := checkEntry(&entries[i], last); brk != nil {
				return last.Seq, brk, nil
			}
			last.Seq, last.Hash, lastAt = entries[i].Seq, entries[i].Hash, entries[i].At
		}
		if len(entries) < verifyChunk {
			return last.Seq, checkHead(head, last, lastAt), nil
		}
	}
}

// checkEntry checks e, which follows prev in its chain.
func checkEntry(e *kefu.AuditEntry, prev kefu.AuditHead) *Break {
	switch {
	case e.Seq != prev.Seq+1:
		return &Break{OrgID: e.OrgID, Seq: prev.Seq + 1, At: e.At,
			Reason: fmt.Sprintf("missing: the chain goes from seq %d to %d (an entry was removed or renumbered)", prev.Seq, e.Seq)}
	case e.PrevHash != prev.Hash:
		return &Break{OrgID: e.OrgID, Seq: e.Seq, At: e.At,
			Reason: "prev_hash is not the hash of the entry before it (an entry was edited, inserted or removed)"}
	case Seal(e) != e.Hash:
		return &Break{OrgID: e.OrgID, Seq: e.Seq, At: e.At, Reason: "hash does not match the entry's contents (edited)"}
	}
	return nil
}

// checkHead compares the chain's recorded head with the last entry found.
func checkHead(head, last kefu.AuditHead, lastAt time.Time) *Break {
	switch {
	case head.Seq < 0:
		return &Break{OrgID: head.OrgID, Seq: last.Seq, At: lastAt, Reason: "the chain's head record is missing"}
	case head.Seq > last.Seq:
		return &Break{OrgID: head.OrgID, Seq: last.Seq + 1,
			Reason: fmt.Sprintf("missing: the head records %d entries but the chain ends at seq %d (newest entries removed)", head.Seq, last.Seq)}
	case head.Seq < last.Seq || head.Hash != last.Hash:
		return &Break{OrgID: head.OrgID, Seq: last.Seq, At: lastAt,
			Reason: fmt.Sprintf("the head records seq %d with another hash than the chain's last entry", head.Seq)}
	}
	return nil
}
