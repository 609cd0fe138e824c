-- Hand-written. PostgreSQL's parser keeps some tokens whole that SQLite's FTS5 splits into words:
-- numbers with a point or a dash (3.7, 2019-2020), host names, e-mail addresses, paths, versions,
-- and it drops what looks like markup (<b>…</b>). A search splits what it is given into letters
-- and digits, as FTS5 does: the document is made from the same words, these marks read as spaces.
CREATE FUNCTION claim_search_words(value text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT translate(value, './@:-<>', '       ')
$$;
--> statement-breakpoint
CREATE FUNCTION claim_search_document(claim_text text, tags text, quotes text) RETURNS tsvector
LANGUAGE sql STABLE AS $$
  SELECT setweight(to_tsvector('factcheck', claim_search_words(claim_text)), 'A') ||
    setweight(to_tsvector('factcheck', claim_search_words(coalesce(tags, ''))), 'B') ||
    setweight(to_tsvector('factcheck', claim_search_words(coalesce(quotes, ''))), 'C')
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION claim_search_refresh(claim text) RETURNS void LANGUAGE sql AS $$
  INSERT INTO claim_search (claim_seq, document)
  SELECT c.seq, claim_search_document(c.text,
    (SELECT string_agg(t.tag, ' ') FROM claim_tags t WHERE t.claim_id = c.id),
    (SELECT string_agg(q.exact, ' … ' ORDER BY q.position) FROM quotes q WHERE q.claim_id = c.id))
  FROM claims c WHERE c.id = claim
  ON CONFLICT (claim_seq) DO UPDATE SET document = excluded.document;
$$;
--> statement-breakpoint
-- Every claim's document made again from the same words.
SELECT claim_search_refresh(id) FROM claims;
