-- Hand-written (drizzle-kit does not model FTS5, views or triggers): the search index gains a
-- fourth column, the claimant's name and aliases, so that `q` finds a claim by who made it.
-- FTS5 cannot add a column to a table: it is rebuilt from the claims, as 0007 rebuilt it.
--
-- What each claim's row of the index holds, made from the claim's rows as they stand. The index
-- is built from it here, by an import that sets the triggers aside (deferred-search-index.ts), and
-- by the triggers that follow a claim's text and claimant and its claimant's names. The
-- claimant's words are its name, then its aliases in their order (PostgreSQL's
-- claim_search_claimant makes the same text).
CREATE VIEW `claim_search_rows` AS
SELECT c.seq, c.id, c.text,
  coalesce((SELECT group_concat(q.exact, ' … ') FROM quotes q WHERE q.claim_id = c.id), '') AS quotes,
  coalesce((SELECT group_concat(t.tag, ' ') FROM claim_tags t WHERE t.claim_id = c.id), '') AS tags,
  coalesce((SELECT a.name || coalesce(', ' || (SELECT group_concat(j.value, ', ' ORDER BY j.key) FROM json_each(a.aliases) j), '')
    FROM actors a WHERE a.id = c.claimant_id), '') AS claimant
FROM claims c;
--> statement-breakpoint
DROP TABLE `claim_search`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `claim_search` USING fts5(
  text, quotes, tags, claimant,
  tokenize = 'porter unicode61 remove_diacritics 2',
  prefix = '1 2 3'
);
--> statement-breakpoint
INSERT INTO claim_search(rowid, text, quotes, tags, claimant)
SELECT seq, text, quotes, tags, claimant FROM claim_search_rows;
--> statement-breakpoint
-- One segment: a lookup of a claim in the index costs a seek per segment and term.
INSERT INTO claim_search(claim_search) VALUES('optimize');
--> statement-breakpoint
-- A claim's row is made whole when it is written: a claim an import writes before its claimant
-- or its tags (foreign keys are checked at its commit) gets what is already there.
DROP TRIGGER claims_search_insert;
--> statement-breakpoint
CREATE TRIGGER claims_search_insert AFTER INSERT ON claims BEGIN
  INSERT INTO claim_search(rowid, text, quotes, tags, claimant)
  SELECT seq, text, quotes, tags, claimant FROM claim_search_rows WHERE seq = new.seq;
END;
--> statement-breakpoint
-- A write that sets a column to its own value changes nothing: FTS5 rewrites the whole row of an
-- update, so only a change does.
DROP TRIGGER claims_search_update;
--> statement-breakpoint
CREATE TRIGGER claims_search_update AFTER UPDATE OF text, claimant_id ON claims
WHEN old.text IS NOT new.text OR old.claimant_id IS NOT new.claimant_id BEGIN
  UPDATE claim_search SET (text, claimant) = (SELECT text, claimant FROM claim_search_rows WHERE seq = new.seq)
  WHERE rowid = new.seq;
END;
--> statement-breakpoint
-- An actor renamed, or given other aliases, is found by its new names in every claim it made, in
-- the same transaction: one row of the index rewritten per claim. An actor written after claims
-- naming it (an import's forward reference) fills in their claimant.
CREATE TRIGGER actors_search_insert AFTER INSERT ON actors BEGIN
  UPDATE claim_search SET claimant = (SELECT r.claimant FROM claim_search_rows r WHERE r.seq = claim_search.rowid)
  WHERE rowid IN (SELECT seq FROM claims WHERE claimant_id = new.id);
END;
--> statement-breakpoint
CREATE TRIGGER actors_search_update AFTER UPDATE OF name, aliases ON actors
WHEN old.name IS NOT new.name OR old.aliases IS NOT new.aliases BEGIN
  UPDATE claim_search SET claimant = (SELECT r.claimant FROM claim_search_rows r WHERE r.seq = claim_search.rowid)
  WHERE rowid IN (SELECT seq FROM claims WHERE claimant_id = new.id);
END;
