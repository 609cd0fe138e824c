-- Hand-written. A claim's search document gains its claimant's name and aliases, weighted D, so
-- that `q` finds a claim by who made it (SQLite migration 0011). The document is made again when
-- the claim's claimant changes, and for every claim of an actor whose names change, in the same
-- transaction.

-- The claimant's words: its name, then its aliases in their order (SQLite's claim_search_rows
-- makes the same text).
CREATE FUNCTION claim_search_claimant(actor_name text, actor_aliases jsonb) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT actor_name || coalesce(', ' || (
    SELECT string_agg(a.alias, ', ' ORDER BY a.n)
    FROM jsonb_array_elements_text(actor_aliases) WITH ORDINALITY AS a(alias, n)
  ), '')
$$;
--> statement-breakpoint
DROP FUNCTION claim_search_document(text, text, text);
--> statement-breakpoint
CREATE FUNCTION claim_search_document(claim_text text, tags text, quotes text, claimant text) RETURNS tsvector
LANGUAGE sql STABLE AS $$
  SELECT setweight(to_tsvector('factcheck', claim_search_words(claim_text)), 'A') ||
    setweight(to_tsvector('factcheck', claim_search_words(coalesce(tags, ''))), 'B') ||
    setweight(to_tsvector('factcheck', claim_search_words(coalesce(quotes, ''))), 'C') ||
    setweight(to_tsvector('factcheck', claim_search_words(coalesce(claimant, ''))), 'D')
$$;
--> statement-breakpoint
-- What each claim's document is made from, and the document: the one definition a refresh, an
-- import's deferred documents (src/db/pg/import-parts.ts), a renamed actor's claims and the
-- snippets (src/db/pg/search.ts) read. Only the columns a statement reads are computed.
CREATE VIEW claim_search_rows AS
SELECT f.seq, f.id, f.claimant_id, f.text, f.tags, f.quotes, f.claimant,
  claim_search_document(f.text, f.tags, f.quotes, f.claimant) AS document
FROM (
  SELECT c.seq, c.id, c.claimant_id, c.text,
    (SELECT string_agg(t.tag, ' ' ORDER BY t.tag) FROM claim_tags t WHERE t.claim_id = c.id) AS tags,
    (SELECT string_agg(q.exact, ' … ' ORDER BY q.position) FROM quotes q WHERE q.claim_id = c.id) AS quotes,
    (SELECT claim_search_claimant(a.name, a.aliases) FROM actors a WHERE a.id = c.claimant_id) AS claimant
  FROM claims c
) f;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION claim_search_refresh(claim text) RETURNS void LANGUAGE sql AS $$
  INSERT INTO claim_search (claim_seq, document)
  SELECT r.seq, r.document FROM claim_search_rows r WHERE r.id = claim
  ON CONFLICT (claim_seq) DO UPDATE SET document = excluded.document;
$$;
--> statement-breakpoint
-- Whether this transaction's documents wait for the end of an import (0005): the one test of it.
CREATE FUNCTION claim_search_deferred() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT current_setting('factcheck.defer_search', true) IS NOT DISTINCT FROM 'on'
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION claim_search_touch(claim text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF claim_search_deferred() THEN
    INSERT INTO search_pending (claim_id) VALUES (claim) ON CONFLICT DO NOTHING;
  ELSE
    PERFORM claim_search_refresh(claim);
  END IF;
END $$;
--> statement-breakpoint
-- A write that sets the text or the claimant to its own value changes nothing.
DROP TRIGGER claims_search_update ON claims;
--> statement-breakpoint
CREATE TRIGGER claims_search_update AFTER UPDATE OF text, claimant_id ON claims FOR EACH ROW
  WHEN (OLD.text IS DISTINCT FROM NEW.text OR OLD.claimant_id IS DISTINCT FROM NEW.claimant_id)
  EXECUTE FUNCTION claim_search_changed();
--> statement-breakpoint
-- Every claim of an actor whose names change, in one statement: a refresh per claim costs ten
-- times as much. An actor written after claims naming it (an import's forward reference) fills
-- in their claimant.
CREATE FUNCTION claimant_search_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF claim_search_deferred() THEN
    INSERT INTO search_pending (claim_id)
    SELECT c.id FROM claims c WHERE c.claimant_id = NEW.id ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO claim_search (claim_seq, document)
    SELECT r.seq, r.document FROM claim_search_rows r WHERE r.claimant_id = NEW.id
    ON CONFLICT (claim_seq) DO UPDATE SET document = excluded.document;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER actors_search_insert AFTER INSERT ON actors FOR EACH ROW
  EXECUTE FUNCTION claimant_search_changed();
--> statement-breakpoint
CREATE TRIGGER actors_search_update AFTER UPDATE OF name, aliases ON actors FOR EACH ROW
  WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.aliases IS DISTINCT FROM NEW.aliases)
  EXECUTE FUNCTION claimant_search_changed();
--> statement-breakpoint
-- Every claim's document made again, its claimant's words included.
INSERT INTO claim_search (claim_seq, document)
SELECT r.seq, r.document FROM claim_search_rows r
ON CONFLICT (claim_seq) DO UPDATE SET document = excluded.document;
