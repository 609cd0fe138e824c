-- Hand-written: for the column 0010 adds, what 0001 gives every text column and drizzle-kit does
-- not model: its text compares by code point, as on SQLite.
ALTER TABLE claim_links ALTER COLUMN note TYPE text COLLATE "C";
