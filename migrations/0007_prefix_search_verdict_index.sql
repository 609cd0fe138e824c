CREATE INDEX `status_history_verdicts_idx` ON `status_history` (`changed_at`) WHERE previous_status IS NOT NULL OR status <> 'unverified';--> statement-breakpoint
-- Hand-written (drizzle-kit does not model FTS5): the search index again, with prefix indexes of
-- 1, 2 and 3 characters, so that a short word is read as one doclist, as far as a page needs,
-- instead of merging the doclists of every term it begins. FTS5 cannot add them to a table:
-- it is rebuilt from the claims, as 0001 built it. The triggers name the table and stay.
DROP TABLE `claim_search`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `claim_search` USING fts5(
  text, quotes, tags,
  tokenize = 'porter unicode61 remove_diacritics 2',
  prefix = '1 2 3'
);
--> statement-breakpoint
INSERT INTO claim_search(rowid, text, quotes, tags)
SELECT c.seq, c.text,
  coalesce((SELECT group_concat(q.exact, ' … ') FROM quotes q WHERE q.claim_id = c.id), ''),
  coalesce((SELECT group_concat(t.tag, ' ') FROM claim_tags t WHERE t.claim_id = c.id), '')
FROM claims c;
--> statement-breakpoint
-- One segment: a lookup of a claim in the index costs a seek per segment and term.
INSERT INTO claim_search(claim_search) VALUES('optimize');
