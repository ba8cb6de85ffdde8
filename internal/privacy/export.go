package privacy

import (
	"archive/zip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// ExportFunc writes an export to w as it reads it, so an export of any size streams.
type ExportFunc func(w io.Writer) error

// Export prepares the export of everything kefu holds about a contact (contacts.export): a ZIP
// with contact.json (profile, identities, legal hold), conversations/<id>.json (the
// conversation and all its messages, notes included) and files/<attachment id>/<name> (the
// attachments' files). The export.created entry is written first: an export that cannot be
// audited is refused.
func (s *Service) Export(ctx context.Context, actor kefu.Actor, contactID string) (ExportFunc, error) {
	if err := authorize(ctx, actor, contactID, kefu.PermContactsExport, s.contactExists); err != nil {
		return nil, err
	}
	c, err := s.store.GetContact(ctx, actor.OrgID, contactID)
	if err != nil {
		return nil, err
	}
	if err := s.audit.Append(ctx, actor, entry(actor, ActionExportCreated, "contact", contactID, map[string]any{"format": "zip"})); err != nil {
		return nil, err
	}
	return func(w io.Writer) error { return s.writeExport(ctx, actor.OrgID, c, w) }, nil
}

func (s *Service) writeExport(ctx context.Context, orgID string, c *kefu.Contact, w io.Writer) error {
	z := zip.NewWriter(w)
	p, err := s.store.ContactPrivacy(ctx, orgID, c.ID)
	if err != nil {
		return err
	}
	if err := writeJSON(z, "contact.json", map[string]any{"contact": c, "privacy": p}); err != nil {
		return err
	}
	ids, err := s.store.ContactConversationIDs(ctx, orgID, c.ID)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := s.writeConversation(ctx, z, orgID, id); err != nil {
			return err
		}
	}
	return z.Close()
}

func writeJSON(z *zip.Writer, name string, v any) error {
	f, err := z.Create(name)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(f)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// writeConversation writes one conversation's JSON, its messages read page by page, then the
// files of the attachments it met.
func (s *Service) writeConversation(ctx context.Context, z *zip.Writer, orgID, id string) error {
	conv, err := s.store.GetConversation(ctx, orgID, id)
	if err != nil {
		return err
	}
	f, err := z.Create("conversations/" + id + ".json")
	if err != nil {
		return err
	}
	head, err := json.Marshal(conv)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintf(f, "{\"conversation\": %s,\n\"messages\": [", head); err != nil {
		return err
	}
	files, err := s.writeMessages(ctx, f, orgID, id)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(f, "\n]}\n"); err != nil {
		return err
	}
	return s.writeFiles(ctx, z, files)
}

// exportPage is how many messages an export reads at a time.
const exportPage = 200

// writeMessages writes a conversation's messages as JSON array elements, and returns their attachments.
func (s *Service) writeMessages(ctx context.Context, w io.Writer, orgID, convID string) ([]kefu.Attachment, error) {
	var files []kefu.Attachment
	q := kefu.MessageQuery{Forward: true, Limit: exportPage}
	sep := "\n"
	for {
		msgs, err := s.store.ListMessages(ctx, orgID, convID, q)
		if err != nil {
			return nil, err
		}
		for _, m := range msgs {
			b, err := json.Marshal(m)
			if err != nil {
				return nil, err
			}
			if _, err := io.WriteString(w, sep+string(b)); err != nil {
				return nil, err
			}
			sep = ",\n"
			files = append(files, m.Attachments...)
		}
		if len(msgs) < exportPage {
			return files, nil
		}
		q.AfterSeq = msgs[len(msgs)-1].Seq
	}
}

// writeFiles copies attachment files into the archive.
func (s *Service) writeFiles(ctx context.Context, z *zip.Writer, files []kefu.Attachment) error {
	for _, a := range files {
		if err := s.writeFile(ctx, z, a); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) writeFile(ctx context.Context, z *zip.Writer, a kefu.Attachment) error {
	r, err := s.blobs.Open(ctx, a.StorageKey)
	if err != nil {
		return err
	}
	defer r.Close()
	f, err := z.Create("files/" + a.ID + "/" + safeName(a.FileName))
	if err != nil {
		return err
	}
	_, err = io.Copy(f, r)
	return err
}

// safeName keeps a file name from escaping its folder in the archive (zip slip on extraction).
func safeName(name string) string {
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	if name == "." || name == "/" || name == ".." || name == "" {
		return "file"
	}
	return name
}
