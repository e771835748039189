-- Who acknowledged an open alert and when (an operator saying "seen, on it"); the alert stays open until it resolves.
ALTER TABLE alerts ADD COLUMN acknowledged_at INTEGER;
ALTER TABLE alerts ADD COLUMN acknowledged_by TEXT;
