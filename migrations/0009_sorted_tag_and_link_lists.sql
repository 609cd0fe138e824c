-- Sorted tag and link lists. A tag's claims, and a claim's rebuttals or supporters, are walked in
-- the sort's order from claim_tags and claim_links, which keep a copy of the listed claim's sort
-- keys (for a link: the linking claim's, since the rebuttals of X are the claims linking to X).
-- The columns are added in place: nothing references these tables, but a rebuilt table would
-- copy every row, and claims is never rebuilt (see 0005: it would cascade-delete every row that
-- references it).
DROP INDEX `claim_tags_tag_idx`;--> statement-breakpoint
ALTER TABLE `claim_tags` ADD `claim_seq` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `claim_tags` ADD `stated_at` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `claim_tags` ADD `created_at` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `claim_links` ADD `from_seq` integer;--> statement-breakpoint
ALTER TABLE `claim_links` ADD `from_stated_at` text;--> statement-breakpoint
ALTER TABLE `claim_links` ADD `from_created_at` text;--> statement-breakpoint
-- Existing rows' copies filled once, here, before their indexes are built; from now on the
-- commands write them with each row and the triggers below keep them.
UPDATE `claim_tags` SET `claim_seq` = c.`seq`, `stated_at` = c.`stated_at`, `created_at` = c.`created_at`
  FROM `claims` c WHERE c.`id` = `claim_tags`.`claim_id`;--> statement-breakpoint
UPDATE `claim_links` SET `from_seq` = c.`seq`, `from_stated_at` = c.`stated_at`, `from_created_at` = c.`created_at`
  FROM `claims` c WHERE c.`id` = `claim_links`.`from_claim_id`;--> statement-breakpoint
CREATE INDEX `claim_tags_stated_at_idx` ON `claim_tags` (`tag`,`stated_at`,`claim_seq`);--> statement-breakpoint
CREATE INDEX `claim_tags_created_at_idx` ON `claim_tags` (`tag`,`created_at`,`claim_seq`);--> statement-breakpoint
CREATE INDEX `claim_links_to_claim_kind_stated_at_idx` ON `claim_links` (`to_claim_id`,`kind`,`from_stated_at`,`from_seq`);--> statement-breakpoint
CREATE INDEX `claim_links_to_claim_kind_from_created_idx` ON `claim_links` (`to_claim_id`,`kind`,`from_created_at`,`from_seq`);--> statement-breakpoint
-- A claim's dates move its copies in the writing statement itself, whichever path writes it.
CREATE TRIGGER `claims_claim_tags_dates` AFTER UPDATE OF `stated_at`, `created_at` ON `claims` BEGIN
  UPDATE `claim_tags` SET `stated_at` = new.`stated_at`, `created_at` = new.`created_at` WHERE `claim_id` = new.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `claims_claim_links_dates` AFTER UPDATE OF `stated_at`, `created_at` ON `claims` BEGIN
  UPDATE `claim_links` SET `from_stated_at` = new.`stated_at`, `from_created_at` = new.`created_at` WHERE `from_claim_id` = new.`id`;
END;
--> statement-breakpoint
-- An import may write a link before the claim that makes it (foreign keys are checked at its
-- commit): the link's copies are null until the claim is written, and filled then.
CREATE TRIGGER `claims_claim_links_insert` AFTER INSERT ON `claims` BEGIN
  UPDATE `claim_links` SET `from_seq` = new.`seq`, `from_stated_at` = new.`stated_at`, `from_created_at` = new.`created_at` WHERE `from_claim_id` = new.`id`;
END;
