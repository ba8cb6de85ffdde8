package store

// FailNextEventSave makes the next batch fail to save its events once, as a full disk would,
// after every op of it succeeded.
func (s *Store) FailNextEventSave() { s.faults.saveEventsOnce.Store(true) }
