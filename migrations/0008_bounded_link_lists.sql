-- A claim embeds at most its first links of each kind, with stored totals of every kind.
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
  WHERE `id` IN (SELECT `from_claim_id` FROM `claim_links`);
