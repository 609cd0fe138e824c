-- Full-text index over each claim's text, quotes and tags; rowid = claims.seq.
-- Kept in sync by triggers so every write path (API, seed, imports) stays searchable.
CREATE VIRTUAL TABLE `claim_search` USING fts5(
  text, quotes, tags,
  tokenize = 'porter unicode61 remove_diacritics 2'
);
--> statement-breakpoint
INSERT INTO claim_search(rowid, text, quotes, tags)
SELECT c.seq, c.text,
  coalesce((SELECT group_concat(q.exact, ' … ') FROM quotes q WHERE q.claim_id = c.id), ''),
  coalesce((SELECT group_concat(t.tag, ' ') FROM claim_tags t WHERE t.claim_id = c.id), '')
FROM claims c;
--> statement-breakpoint
CREATE TRIGGER claims_search_insert AFTER INSERT ON claims BEGIN
  INSERT INTO claim_search(rowid, text, quotes, tags) VALUES (new.seq, new.text, '', '');
END;
--> statement-breakpoint
CREATE TRIGGER claims_search_update AFTER UPDATE OF text ON claims BEGIN
  UPDATE claim_search SET text = new.text WHERE rowid = new.seq;
END;
--> statement-breakpoint
CREATE TRIGGER claims_search_delete AFTER DELETE ON claims BEGIN
  DELETE FROM claim_search WHERE rowid = old.seq;
END;
--> statement-breakpoint
CREATE TRIGGER quotes_search_insert AFTER INSERT ON quotes BEGIN
  UPDATE claim_search
  SET quotes = coalesce((SELECT group_concat(exact, ' … ') FROM quotes WHERE claim_id = new.claim_id), '')
  WHERE rowid = (SELECT seq FROM claims WHERE id = new.claim_id);
END;
--> statement-breakpoint
CREATE TRIGGER quotes_search_update AFTER UPDATE ON quotes BEGIN
  UPDATE claim_search
  SET quotes = coalesce((SELECT group_concat(exact, ' … ') FROM quotes WHERE claim_id = old.claim_id), '')
  WHERE rowid = (SELECT seq FROM claims WHERE id = old.claim_id);
  UPDATE claim_search
  SET quotes = coalesce((SELECT group_concat(exact, ' … ') FROM quotes WHERE claim_id = new.claim_id), '')
  WHERE rowid = (SELECT seq FROM claims WHERE id = new.claim_id);
END;
--> statement-breakpoint
CREATE TRIGGER quotes_search_delete AFTER DELETE ON quotes BEGIN
  UPDATE claim_search
  SET quotes = coalesce((SELECT group_concat(exact, ' … ') FROM quotes WHERE claim_id = old.claim_id), '')
  WHERE rowid = (SELECT seq FROM claims WHERE id = old.claim_id);
END;
--> statement-breakpoint
CREATE TRIGGER claim_tags_search_insert AFTER INSERT ON claim_tags BEGIN
  UPDATE claim_search
  SET tags = coalesce((SELECT group_concat(tag, ' ') FROM claim_tags WHERE claim_id = new.claim_id), '')
  WHERE rowid = (SELECT seq FROM claims WHERE id = new.claim_id);
END;
--> statement-breakpoint
CREATE TRIGGER claim_tags_search_delete AFTER DELETE ON claim_tags BEGIN
  UPDATE claim_search
  SET tags = coalesce((SELECT group_concat(tag, ' ') FROM claim_tags WHERE claim_id = old.claim_id), '')
  WHERE rowid = (SELECT seq FROM claims WHERE id = old.claim_id);
END;
