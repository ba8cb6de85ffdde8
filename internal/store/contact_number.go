package store

// nextContactNumber is the number the organisation's next contact gets: its highest plus one,
// read through contacts_org_number_idx. On PostgreSQL the organisation's row is locked first,
// so two nodes creating contacts at once take turns instead of reading the same highest number
// (the unique index would refuse the second); SQLite has only our one writer.
func (t *Tx) nextContactNumber(orgID string) (int64, error) {
	if err := t.lockOrg(orgID); err != nil {
		return 0, err
	}
	var n int64
	err := t.c.queryRow(t.ctx, `SELECT COALESCE(MAX(number), 0) + 1 FROM contacts WHERE org_id = ?`, orgID).Scan(&n)
	return n, dbError(err)
}
