-- Hand-written (drizzle-kit does not model triggers): the search index is brought up to date once
-- per commit instead of row by row. A claim written with a quote and two tags was indexed four
-- times (its row, then again for each quote and tag, every update retokenising all five columns),
-- most of what writing it cost. The triggers now only note which claims changed; the store indexes
-- them from `claim_search_rows` just before it commits (src/db/sqlite/pending-search.ts), so no
-- other connection, and no committed state, ever sees the index behind the rows. A claim's delete
-- still removes its row at once.
CREATE TABLE `search_pending` (`claim_id` text PRIMARY KEY NOT NULL) WITHOUT ROWID;
--> statement-breakpoint
DROP TRIGGER `claims_search_insert`;
--> statement-breakpoint
CREATE TRIGGER `claims_search_insert` AFTER INSERT ON `claims` BEGIN
  INSERT OR IGNORE INTO `search_pending` VALUES (new.`id`);
END;
--> statement-breakpoint
DROP TRIGGER `claims_search_update`;
--> statement-breakpoint
CREATE TRIGGER `claims_search_update` AFTER UPDATE OF `text`, `claimant_id` ON `claims`
WHEN old.`text` IS NOT new.`text` OR old.`claimant_id` IS NOT new.`claimant_id` BEGIN
  INSERT OR IGNORE INTO `search_pending` VALUES (new.`id`);
END;
--> statement-breakpoint
DROP TRIGGER `quotes_search_insert`;
--> statement-breakpoint
CREATE TRIGGER `quotes_search_insert` AFTER INSERT ON `quotes` BEGIN
  INSERT OR IGNORE INTO `search_pending` VALUES (new.`claim_id`);
END;
--> statement-breakpoint
DROP TRIGGER `quotes_search_update`;
--> statement-breakpoint
CREATE TRIGGER `quotes_search_update` AFTER UPDATE ON `quotes` BEGIN
  INSERT OR IGNORE INTO `search_pending` VALUES (old.`claim_id`);
  INSERT OR IGNORE INTO `search_pending` VALUES (new.`claim_id`);
END;
--> statement-breakpoint
DROP TRIGGER `quotes_search_delete`;
--> statement-breakpoint
CREATE TRIGGER `quotes_search_delete` AFTER DELETE ON `quotes` BEGIN
  INSERT OR IGNORE INTO `search_pending` VALUES (old.`claim_id`);
END;
--> statement-breakpoint
DROP TRIGGER `claim_tags_search_insert`;
--> statement-breakpoint
CREATE TRIGGER `claim_tags_search_insert` AFTER INSERT ON `claim_tags` BEGIN
  INSERT OR IGNORE INTO `search_pending` VALUES (new.`claim_id`);
END;
--> statement-breakpoint
DROP TRIGGER `claim_tags_search_delete`;
--> statement-breakpoint
CREATE TRIGGER `claim_tags_search_delete` AFTER DELETE ON `claim_tags` BEGIN
  INSERT OR IGNORE INTO `search_pending` VALUES (old.`claim_id`);
END;
--> statement-breakpoint
-- A review is written by an upsert, whose conflict handling overrides a trigger's OR IGNORE: a
-- claim already noted is skipped by the statement itself.
DROP TRIGGER `claim_reviews_search_insert`;
--> statement-breakpoint
CREATE TRIGGER `claim_reviews_search_insert` AFTER INSERT ON `claim_reviews`
WHEN new.`headline` IS NOT NULL BEGIN
  INSERT INTO `search_pending` SELECT new.`claim_id`
  WHERE new.`claim_id` NOT IN (SELECT `claim_id` FROM `search_pending`);
END;
--> statement-breakpoint
DROP TRIGGER `claim_reviews_search_update`;
--> statement-breakpoint
CREATE TRIGGER `claim_reviews_search_update` AFTER UPDATE OF `headline`, `claim_id` ON `claim_reviews`
WHEN old.`headline` IS NOT new.`headline` OR old.`claim_id` IS NOT new.`claim_id` BEGIN
  INSERT INTO `search_pending` SELECT `id` FROM (SELECT old.`claim_id` AS `id` UNION SELECT new.`claim_id`)
  WHERE `id` NOT IN (SELECT `claim_id` FROM `search_pending`);
END;
--> statement-breakpoint
DROP TRIGGER `claim_reviews_search_delete`;
--> statement-breakpoint
CREATE TRIGGER `claim_reviews_search_delete` AFTER DELETE ON `claim_reviews`
WHEN old.`headline` IS NOT NULL BEGIN
  INSERT INTO `search_pending` SELECT old.`claim_id`
  WHERE old.`claim_id` NOT IN (SELECT `claim_id` FROM `search_pending`);
END;
--> statement-breakpoint
-- An actor's names are part of the row of every claim it made.
DROP TRIGGER `actors_search_insert`;
--> statement-breakpoint
CREATE TRIGGER `actors_search_insert` AFTER INSERT ON `actors` BEGIN
  INSERT OR IGNORE INTO `search_pending` SELECT `id` FROM `claims` WHERE `claimant_id` = new.`id`;
END;
--> statement-breakpoint
DROP TRIGGER `actors_search_update`;
--> statement-breakpoint
CREATE TRIGGER `actors_search_update` AFTER UPDATE OF `name`, `aliases` ON `actors`
WHEN old.`name` IS NOT new.`name` OR old.`aliases` IS NOT new.`aliases` BEGIN
  INSERT OR IGNORE INTO `search_pending` SELECT `id` FROM `claims` WHERE `claimant_id` = new.`id`;
END;
