-- +goose Up
-- Live visitors: what kefu remembers of a contact's visits through an inbox's widget, one row
-- per contact and inbox, written once per page view (never per heartbeat). A page view after at
-- least 30 minutes away starts a new visit (visit_count + 1, visit_started_at, referrer).
-- Times are Unix microseconds, as everywhere.
CREATE TABLE visits (
    org_id           TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    contact_id       TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    inbox_id         TEXT NOT NULL REFERENCES inboxes (id) ON DELETE CASCADE,
    visit_count      INTEGER NOT NULL,
    page_views       INTEGER NOT NULL,
    visit_started_at BIGINT NOT NULL,
    last_seen_at     BIGINT NOT NULL,
    page_url         TEXT NOT NULL DEFAULT '',
    page_title       TEXT NOT NULL DEFAULT '',
    referrer         TEXT NOT NULL DEFAULT '',
    language         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (org_id, contact_id, inbox_id)
);

-- +goose Down
DROP TABLE visits;
