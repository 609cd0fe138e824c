-- Hand-written: for the columns 0014 adds, what 0001 gives every text column and drizzle-kit does
-- not model: their text compares by code point, as on SQLite.
ALTER TABLE claims ALTER COLUMN attribution TYPE text COLLATE "C";
--> statement-breakpoint
ALTER TABLE claims ALTER COLUMN attribution_note TYPE text COLLATE "C";
