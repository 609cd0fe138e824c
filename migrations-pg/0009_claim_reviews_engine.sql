-- Hand-written: for the table 0008 adds, what 0001 gives every table and drizzle-kit does not
-- model. Its text compares by code point, as on SQLite; its foreign key waits for the commit in an
-- import (forward references); a write to it is announced, so that every instance forgets the
-- claims it keeps in memory.
ALTER TABLE claim_reviews ALTER COLUMN claim_id TYPE text COLLATE "C";
--> statement-breakpoint
ALTER TABLE claim_reviews ALTER COLUMN publisher TYPE text COLLATE "C";
--> statement-breakpoint
ALTER TABLE claim_reviews ALTER COLUMN label TYPE text COLLATE "C";
--> statement-breakpoint
ALTER TABLE claim_reviews ALTER CONSTRAINT claim_reviews_claim_id_claims_id_fk DEFERRABLE INITIALLY IMMEDIATE;
--> statement-breakpoint
CREATE TRIGGER claim_reviews_announce_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON claim_reviews
  FOR EACH STATEMENT EXECUTE FUNCTION factcheck_announce_change();
