-- Hand-written (drizzle-kit does not model FTS5, views or triggers): the search index gains a
-- fifth column, the headline of the review a claim was imported from (0018), so that `q` finds a
-- claim by the words the fact-checker titled it with. FTS5 cannot add a column to a table: it is
-- rebuilt from the view, as 0011 rebuilt it.
--
-- What each claim's row of the index holds, as in 0011, with the review's headline last
-- (PostgreSQL's claim_search_rows makes the same text).
DROP VIEW `claim_search_rows`;
--> statement-breakpoint
CREATE VIEW `claim_search_rows` AS
SELECT c.seq, c.id, c.text,
  coalesce((SELECT group_concat(q.exact, ' … ') FROM quotes q WHERE q.claim_id = c.id), '') AS quotes,
  coalesce((SELECT group_concat(t.tag, ' ') FROM claim_tags t WHERE t.claim_id = c.id), '') AS tags,
  coalesce((SELECT a.name || coalesce(', ' || (SELECT group_concat(j.value, ', ' ORDER BY j.key) FROM json_each(a.aliases) j), '')
    FROM actors a WHERE a.id = c.claimant_id), '') AS claimant,
  coalesce((SELECT r.headline FROM claim_reviews r WHERE r.claim_id = c.id), '') AS headline
FROM claims c;
--> statement-breakpoint
DROP TABLE `claim_search`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `claim_search` USING fts5(
  text, quotes, tags, claimant, headline,
  tokenize = 'porter unicode61 remove_diacritics 2',
  prefix = '1 2 3'
);
--> statement-breakpoint
INSERT INTO claim_search(rowid, text, quotes, tags, claimant, headline)
SELECT seq, text, quotes, tags, claimant, headline FROM claim_search_rows;
--> statement-breakpoint
-- One segment: a lookup of a claim in the index costs a seek per segment and term.
INSERT INTO claim_search(claim_search) VALUES('optimize');
--> statement-breakpoint
-- A claim's row is made whole when it is written, its review's headline included when the review
-- is already there.
DROP TRIGGER claims_search_insert;
--> statement-breakpoint
CREATE TRIGGER claims_search_insert AFTER INSERT ON claims BEGIN
  INSERT INTO claim_search(rowid, text, quotes, tags, claimant, headline)
  SELECT seq, text, quotes, tags, claimant, headline FROM claim_search_rows WHERE seq = new.seq;
END;
--> statement-breakpoint
-- A review written, retitled or removed changes its claim's headline in the index, in the same
-- transaction. A review without a headline adds nothing, and a write that leaves the headline as
-- it was changes nothing: FTS5 rewrites the whole row of an update, so only a change does.
CREATE TRIGGER claim_reviews_search_insert AFTER INSERT ON claim_reviews
WHEN new.headline IS NOT NULL BEGIN
  UPDATE claim_search SET headline = (SELECT r.headline FROM claim_search_rows r WHERE r.seq = claim_search.rowid)
  WHERE rowid = (SELECT seq FROM claims WHERE id = new.claim_id);
END;
--> statement-breakpoint
CREATE TRIGGER claim_reviews_search_update AFTER UPDATE OF headline, claim_id ON claim_reviews
WHEN old.headline IS NOT new.headline OR old.claim_id IS NOT new.claim_id BEGIN
  UPDATE claim_search SET headline = (SELECT r.headline FROM claim_search_rows r WHERE r.seq = claim_search.rowid)
  WHERE rowid IN (SELECT seq FROM claims WHERE id IN (old.claim_id, new.claim_id));
END;
--> statement-breakpoint
CREATE TRIGGER claim_reviews_search_delete AFTER DELETE ON claim_reviews
WHEN old.headline IS NOT NULL BEGIN
  UPDATE claim_search SET headline = (SELECT r.headline FROM claim_search_rows r WHERE r.seq = claim_search.rowid)
  WHERE rowid = (SELECT seq FROM claims WHERE id = old.claim_id);
END;
