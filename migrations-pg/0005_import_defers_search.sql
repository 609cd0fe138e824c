-- Hand-written. An import writes a claim, then its tags and quotes, each of which made the claim's
-- search document again (a quarter of a PostgreSQL import's time). While an import runs it sets
-- `factcheck.defer_search` for its transaction: the triggers then only note the claim, and the
-- import makes each noted claim's document once, before it commits (src/db/pg/import-parts.ts).
CREATE FUNCTION claim_search_touch(claim text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('factcheck.defer_search', true) = 'on' THEN
    INSERT INTO search_pending (claim_id) VALUES (claim) ON CONFLICT DO NOTHING;
  ELSE
    PERFORM claim_search_refresh(claim);
  END IF;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION claim_search_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'claims' THEN
    PERFORM claim_search_touch(NEW.id);
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM claim_search_touch(OLD.claim_id); END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') AND (TG_OP = 'INSERT' OR NEW.claim_id <> OLD.claim_id) THEN
    PERFORM claim_search_touch(NEW.claim_id);
  END IF;
  RETURN NULL;
END $$;
