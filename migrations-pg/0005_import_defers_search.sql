-- Hand-written. An import writes a claim, then its tags and quotes, each of which made the claim's
-- search document again (a quarter of a PostgreSQL import's time). While an import runs it sets
-- `factcheck.defer_search` for its transaction: the triggers then only note the claim, and the
-- import makes each noted claim's document once, before it commits (src/db/pg/import-parts.ts).
CREATE OR REPLACE FUNCTION claim_search_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  deferred boolean := current_setting('factcheck.defer_search', true) = 'on';
BEGIN
  IF TG_TABLE_NAME = 'claims' THEN
    IF deferred THEN
      INSERT INTO search_pending (claim_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
    ELSE
      PERFORM claim_search_refresh(NEW.id);
    END IF;
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    IF deferred THEN
      INSERT INTO search_pending (claim_id) VALUES (OLD.claim_id) ON CONFLICT DO NOTHING;
    ELSE
      PERFORM claim_search_refresh(OLD.claim_id);
    END IF;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') AND (TG_OP = 'INSERT' OR NEW.claim_id <> OLD.claim_id) THEN
    IF deferred THEN
      INSERT INTO search_pending (claim_id) VALUES (NEW.claim_id) ON CONFLICT DO NOTHING;
    ELSE
      PERFORM claim_search_refresh(NEW.claim_id);
    END IF;
  END IF;
  RETURN NULL;
END $$;
