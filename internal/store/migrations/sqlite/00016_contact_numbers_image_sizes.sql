-- +goose Up
-- Every contact gets a short number within its organisation, so agents can tell anonymous
-- visitors apart ("Visitor #42"); the name stays empty until the customer gives one. Existing
-- contacts are numbered in the order they were created.
ALTER TABLE contacts ADD COLUMN number BIGINT NOT NULL DEFAULT 0;
UPDATE contacts SET number = r.n
FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY org_id ORDER BY created_at, id) AS n FROM contacts) AS r
WHERE contacts.id = r.id;
-- Two contacts of one organisation never share a number, whatever races; new numbers are the
-- organisation's highest plus one, found through this index.
CREATE UNIQUE INDEX contacts_org_number_idx ON contacts (org_id, number);
-- An image's pixel size, read from its header at upload, so a thread reserves its space before
-- it loads; 0 when unknown (not an image, or uploaded before this version).
ALTER TABLE attachments ADD COLUMN width INTEGER NOT NULL DEFAULT 0;
ALTER TABLE attachments ADD COLUMN height INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE attachments DROP COLUMN height;
ALTER TABLE attachments DROP COLUMN width;
DROP INDEX contacts_org_number_idx;
ALTER TABLE contacts DROP COLUMN number;
