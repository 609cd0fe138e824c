-- Bounded lists. A claim embeds at most its first links of each kind, with stored totals of every
-- kind. A source's claims are walked in the sort's order from source_claims.
-- The columns are added in place, each with its CHECK on the column (see 0005: a rebuilt claims
-- table would cascade-delete every row that references it).
ALTER TABLE `claims` ADD `supporter_count` integer DEFAULT 0 NOT NULL CONSTRAINT "claims_supporter_count_check" CHECK(supporter_count >= 0);--> statement-breakpoint
ALTER TABLE `claims` ADD `rebuts_count` integer DEFAULT 0 NOT NULL CONSTRAINT "claims_rebuts_count_check" CHECK(rebuts_count >= 0);--> statement-breakpoint
ALTER TABLE `claims` ADD `supports_count` integer DEFAULT 0 NOT NULL CONSTRAINT "claims_supports_count_check" CHECK(supports_count >= 0);--> statement-breakpoint
DROP INDEX `claim_links_to_claim_id_kind_idx`;--> statement-breakpoint
CREATE INDEX `claim_links_to_claim_kind_created_idx` ON `claim_links` (`to_claim_id`,`kind`,`created_at`,`from_claim_id`);--> statement-breakpoint
CREATE INDEX `claim_links_from_claim_kind_created_idx` ON `claim_links` (`from_claim_id`,`kind`,`created_at`,`to_claim_id`);--> statement-breakpoint
-- Existing links counted once, here, only on the claims that have any; from now on the commands
-- keep the counts.
UPDATE `claims` SET `supporter_count` = (SELECT count(*) FROM `claim_links` WHERE `claim_links`.`to_claim_id` = `claims`.`id` AND `claim_links`.`kind` = 'supports')
  WHERE `id` IN (SELECT `to_claim_id` FROM `claim_links` WHERE `kind` = 'supports');--> statement-breakpoint
UPDATE `claims` SET
  `rebuts_count` = (SELECT count(*) FROM `claim_links` WHERE `claim_links`.`from_claim_id` = `claims`.`id` AND `claim_links`.`kind` = 'rebuts'),
  `supports_count` = (SELECT count(*) FROM `claim_links` WHERE `claim_links`.`from_claim_id` = `claims`.`id` AND `claim_links`.`kind` = 'supports')
  WHERE `id` IN (SELECT `from_claim_id` FROM `claim_links`);--> statement-breakpoint
CREATE TABLE `source_claims` (
	`source_id` text NOT NULL,
	`claim_id` text NOT NULL,
	`claim_seq` integer NOT NULL,
	`stated_at` text NOT NULL,
	`created_at` text NOT NULL,
	`quotes` integer NOT NULL,
	PRIMARY KEY(`source_id`, `claim_id`)
);
--> statement-breakpoint
-- Existing quotes gathered once, here; from now on the triggers keep the rows.
INSERT INTO `source_claims` (`source_id`, `claim_id`, `claim_seq`, `stated_at`, `created_at`, `quotes`)
SELECT q.`source_id`, c.`id`, c.`seq`, c.`stated_at`, c.`created_at`, count(*)
FROM (SELECT `claim_id`, `source_id` FROM `quotes`
      UNION ALL SELECT `claim_id`, `original_source_id` FROM `quotes` WHERE `original_source_id` IS NOT NULL) q
JOIN `claims` c ON c.`id` = q.`claim_id`
GROUP BY q.`source_id`, q.`claim_id`;--> statement-breakpoint
CREATE INDEX `source_claims_stated_at_idx` ON `source_claims` (`source_id`,`stated_at`,`claim_seq`);--> statement-breakpoint
CREATE INDEX `source_claims_created_at_idx` ON `source_claims` (`source_id`,`created_at`,`claim_seq`);--> statement-breakpoint
CREATE INDEX `source_claims_claim_id_idx` ON `source_claims` (`claim_id`);--> statement-breakpoint
-- The rows are derived from quotes and kept by these triggers, in the writing statement itself:
-- every path that writes quotes or moves a claim's dates (commands, imports, cascades) keeps them.
-- A claim quoting a source twice, or as both source and original source, counts each time.
CREATE TRIGGER `quotes_source_claims_insert` AFTER INSERT ON `quotes` BEGIN
  INSERT INTO `source_claims` (`source_id`, `claim_id`, `claim_seq`, `stated_at`, `created_at`, `quotes`)
  SELECT s.`id`, c.`id`, c.`seq`, c.`stated_at`, c.`created_at`, 1
  FROM `claims` c, (SELECT new.`source_id` AS `id` UNION ALL SELECT new.`original_source_id` WHERE new.`original_source_id` IS NOT NULL) s
  WHERE c.`id` = new.`claim_id`
  ON CONFLICT (`source_id`, `claim_id`) DO UPDATE SET `quotes` = `quotes` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `quotes_source_claims_delete` AFTER DELETE ON `quotes` BEGIN
  UPDATE `source_claims` SET `quotes` = `quotes` - 1 WHERE `claim_id` = old.`claim_id` AND `source_id` = old.`source_id`;
  UPDATE `source_claims` SET `quotes` = `quotes` - 1 WHERE `claim_id` = old.`claim_id` AND `source_id` = old.`original_source_id`;
  DELETE FROM `source_claims` WHERE `claim_id` = old.`claim_id` AND `quotes` = 0;
END;
--> statement-breakpoint
CREATE TRIGGER `quotes_source_claims_update` AFTER UPDATE OF `claim_id`, `source_id`, `original_source_id` ON `quotes` BEGIN
  UPDATE `source_claims` SET `quotes` = `quotes` - 1 WHERE `claim_id` = old.`claim_id` AND `source_id` = old.`source_id`;
  UPDATE `source_claims` SET `quotes` = `quotes` - 1 WHERE `claim_id` = old.`claim_id` AND `source_id` = old.`original_source_id`;
  DELETE FROM `source_claims` WHERE `claim_id` = old.`claim_id` AND `quotes` = 0;
  INSERT INTO `source_claims` (`source_id`, `claim_id`, `claim_seq`, `stated_at`, `created_at`, `quotes`)
  SELECT s.`id`, c.`id`, c.`seq`, c.`stated_at`, c.`created_at`, 1
  FROM `claims` c, (SELECT new.`source_id` AS `id` UNION ALL SELECT new.`original_source_id` WHERE new.`original_source_id` IS NOT NULL) s
  WHERE c.`id` = new.`claim_id`
  ON CONFLICT (`source_id`, `claim_id`) DO UPDATE SET `quotes` = `quotes` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `claims_source_claims_dates` AFTER UPDATE OF `stated_at`, `created_at` ON `claims` BEGIN
  UPDATE `source_claims` SET `stated_at` = new.`stated_at`, `created_at` = new.`created_at` WHERE `claim_id` = new.`id`;
END;
