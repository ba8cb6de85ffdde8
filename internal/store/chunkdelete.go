package store

import "context"

// deleteChunk bounds the rows one write of a bulk delete (pruning events, deleting an inbox)
// removes. Every write goes through the single writer, and an hour of events at a busy site, or
// a large inbox's history, is millions of rows: deleted in one statement they held every other
// write back for as long, filling the write queue until new writes were shed, and grew the WAL
// by as much. A chunk takes the writer about as long as an ordinary batch, so writes queued
// meanwhile wait for one chunk at most.
const deleteChunk = 1000

// deleteInChunks runs query, a DELETE whose last parameter is the LIMIT of the subquery that
// picks its rows, one write at a time until a write deletes fewer than chunk rows, and returns
// how many rows it deleted in all.
func (s *Store) deleteInChunks(ctx context.Context, chunk int, query string, args ...any) (int64, error) {
	args = append(args[:len(args):len(args)], chunk)
	var total int64
	for {
		var n int64
		err := s.write(ctx, func(t *Tx) error {
			res, err := t.exec(query, args...)
			if err != nil {
				return dbError(err)
			}
			n, err = res.RowsAffected()
			return err
		})
		total += n
		if err != nil || n < int64(chunk) {
			return total, err
		}
	}
}
