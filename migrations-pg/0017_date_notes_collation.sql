-- Hand-written: for the columns 0016 adds, what 0001 gives every text column and drizzle-kit does
-- not model: their text compares by code point, as on SQLite.
ALTER TABLE claims ALTER COLUMN stated_at_note TYPE text COLLATE "C";
--> statement-breakpoint
ALTER TABLE sources ALTER COLUMN published_at_note TYPE text COLLATE "C";
