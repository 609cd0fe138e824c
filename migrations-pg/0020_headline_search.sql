-- Hand-written. For the column 0019 adds, what 0001 gives every text column and drizzle-kit does
-- not model: its text compares by code point, as on SQLite.
ALTER TABLE claim_reviews ALTER COLUMN headline TYPE text COLLATE "C";
--> statement-breakpoint
-- A claim's search document gains the headline of the review it was imported from, weighted C as
-- its quotes are (both count 1 in relevance), so that `q` finds a claim by the words the
-- fact-checker titled it with (SQLite migration 0019). The document is made again when a review
-- is written, retitled or removed, in the same transaction.
--
-- The view reads the function: it goes first, and comes back with the headline.
DROP VIEW claim_search_rows;
--> statement-breakpoint
DROP FUNCTION claim_search_document(text, text, text, text);
--> statement-breakpoint
CREATE FUNCTION claim_search_document(claim_text text, tags text, quotes text, claimant text, headline text)
RETURNS tsvector LANGUAGE sql STABLE AS $$
  SELECT setweight(to_tsvector('factcheck', claim_search_words(claim_text)), 'A') ||
    setweight(to_tsvector('factcheck', claim_search_words(coalesce(tags, ''))), 'B') ||
    setweight(to_tsvector('factcheck', claim_search_words(coalesce(quotes, ''))), 'C') ||
    setweight(to_tsvector('factcheck', claim_search_words(coalesce(claimant, ''))), 'D') ||
    setweight(to_tsvector('factcheck', claim_search_words(coalesce(headline, ''))), 'C')
$$;
--> statement-breakpoint
-- What each claim's document is made from, and the document (0007), with the review's headline:
-- claim_search_refresh, an import's deferred documents, a renamed actor's claims and the snippets
-- read it by name, and find it again.
CREATE VIEW claim_search_rows AS
SELECT f.seq, f.id, f.claimant_id, f.text, f.tags, f.quotes, f.claimant, f.headline,
  claim_search_document(f.text, f.tags, f.quotes, f.claimant, f.headline) AS document
FROM (
  SELECT c.seq, c.id, c.claimant_id, c.text,
    (SELECT string_agg(t.tag, ' ' ORDER BY t.tag) FROM claim_tags t WHERE t.claim_id = c.id) AS tags,
    (SELECT string_agg(q.exact, ' … ' ORDER BY q.position) FROM quotes q WHERE q.claim_id = c.id) AS quotes,
    (SELECT claim_search_claimant(a.name, a.aliases) FROM actors a WHERE a.id = c.claimant_id) AS claimant,
    (SELECT r.headline FROM claim_reviews r WHERE r.claim_id = c.id) AS headline
  FROM claims c
) f;
--> statement-breakpoint
-- claim_search_changed (0005) makes the document of the review's claim again, or notes it while
-- an import defers them. A review without a headline adds nothing, and a write that leaves the
-- headline as it was changes nothing.
CREATE TRIGGER claim_reviews_search_insert AFTER INSERT ON claim_reviews FOR EACH ROW
  WHEN (NEW.headline IS NOT NULL)
  EXECUTE FUNCTION claim_search_changed();
--> statement-breakpoint
CREATE TRIGGER claim_reviews_search_update AFTER UPDATE OF headline, claim_id ON claim_reviews FOR EACH ROW
  WHEN (OLD.headline IS DISTINCT FROM NEW.headline OR OLD.claim_id IS DISTINCT FROM NEW.claim_id)
  EXECUTE FUNCTION claim_search_changed();
--> statement-breakpoint
CREATE TRIGGER claim_reviews_search_delete AFTER DELETE ON claim_reviews FOR EACH ROW
  WHEN (OLD.headline IS NOT NULL)
  EXECUTE FUNCTION claim_search_changed();
--> statement-breakpoint
-- A claim without a headline has the document it had: only those with one are made again (none
-- yet, as the column is new; kept so that the migration says what it means).
INSERT INTO claim_search (claim_seq, document)
SELECT r.seq, r.document FROM claim_search_rows r
WHERE r.id IN (SELECT claim_id FROM claim_reviews WHERE headline IS NOT NULL)
ON CONFLICT (claim_seq) DO UPDATE SET document = excluded.document;
