-- Set by the artifact reconciler when an artifact's file is gone from the artifact store; cleared if it returns.
ALTER TABLE artifacts ADD COLUMN missing_since INTEGER;
