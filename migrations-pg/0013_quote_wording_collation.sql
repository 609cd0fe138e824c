-- Hand-written: for the column 0012 adds, what 0001 gives every text column and drizzle-kit does
-- not model: its text compares by code point, as on SQLite.
ALTER TABLE quotes ALTER COLUMN wording TYPE text COLLATE "C";
