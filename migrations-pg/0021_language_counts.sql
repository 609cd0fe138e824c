CREATE TABLE "language_counts" (
	"language" text PRIMARY KEY NOT NULL,
	"claim_count" integer NOT NULL,
	CONSTRAINT "language_counts_claim_count_check" CHECK (claim_count >= 0)
);
--> statement-breakpoint
-- Hand-written, what 0001 gives every table: its text compares by code point, as on SQLite, and a
-- write to it is announced (the change mark).
ALTER TABLE language_counts ALTER COLUMN language TYPE text COLLATE "C";
--> statement-breakpoint
CREATE TRIGGER language_counts_announce_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON language_counts
  FOR EACH STATEMENT EXECUTE FUNCTION factcheck_announce_change();
--> statement-breakpoint
-- Every stored claim counted once, by its language.
INSERT INTO "language_counts" ("language", "claim_count") SELECT "language", count(*) FROM "claims" GROUP BY "language";