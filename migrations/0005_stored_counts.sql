-- Counts kept on write instead of counted on every read (/stats, /tags, actors' claimCount,
-- sources' quoteCount, claims' rebuttalCount and evidenceCount).
-- The new columns are added in place, each with its CHECK on the column: drizzle-kit would rebuild
-- actors, claims and sources to add table-level ones, and inside the migration's transaction
-- (where PRAGMA foreign_keys cannot be switched off) dropping the old tables would cascade-delete
-- every quote, tag, link, evidence item and history entry.
CREATE TABLE `status_counts` (
	`status` text PRIMARY KEY NOT NULL,
	`claim_count` integer DEFAULT 0 NOT NULL,
	CONSTRAINT "status_counts_status_check" CHECK(status IN ('unverified', 'unsubstantiated', 'disputed', 'supported', 'refuted', 'misleading', 'not_checkable')),
	CONSTRAINT "status_counts_claim_count_check" CHECK(claim_count >= 0)
);
--> statement-breakpoint
CREATE TABLE `tag_counts` (
	`tag` text PRIMARY KEY NOT NULL,
	`claim_count` integer NOT NULL,
	CONSTRAINT "tag_counts_claim_count_check" CHECK(claim_count >= 0)
);
--> statement-breakpoint
ALTER TABLE `actors` ADD `claim_count` integer DEFAULT 0 NOT NULL CONSTRAINT "actors_claim_count_check" CHECK(claim_count >= 0);--> statement-breakpoint
ALTER TABLE `sources` ADD `quote_count` integer DEFAULT 0 NOT NULL CONSTRAINT "sources_quote_count_check" CHECK(quote_count >= 0);--> statement-breakpoint
ALTER TABLE `claims` ADD `rebuttal_count` integer DEFAULT 0 NOT NULL CONSTRAINT "claims_rebuttal_count_check" CHECK(rebuttal_count >= 0);--> statement-breakpoint
ALTER TABLE `claims` ADD `evidence_count` integer DEFAULT 0 NOT NULL CONSTRAINT "claims_evidence_count_check" CHECK(evidence_count >= 0);--> statement-breakpoint
-- Existing records counted once, here; from now on the commands keep the counts.
UPDATE `actors` SET `claim_count` = (SELECT count(*) FROM `claims` WHERE `claims`.`claimant_id` = `actors`.`id`);--> statement-breakpoint
UPDATE `sources` SET `quote_count` =
  (SELECT count(*) FROM `quotes` WHERE `quotes`.`source_id` = `sources`.`id`) +
  (SELECT count(*) FROM `quotes` WHERE `quotes`.`original_source_id` = `sources`.`id`);--> statement-breakpoint
UPDATE `claims` SET
  `rebuttal_count` = (SELECT count(*) FROM `claim_links` WHERE `claim_links`.`to_claim_id` = `claims`.`id` AND `claim_links`.`kind` = 'rebuts'),
  `evidence_count` = (SELECT count(*) FROM `evidence` WHERE `evidence`.`claim_id` = `claims`.`id`);--> statement-breakpoint
INSERT INTO `tag_counts` (`tag`, `claim_count`) SELECT `tag`, count(*) FROM `claim_tags` GROUP BY `tag`;--> statement-breakpoint
INSERT INTO `status_counts` (`status`, `claim_count`) SELECT `status`, count(*) FROM `claims` GROUP BY `status`;--> statement-breakpoint
CREATE INDEX `tag_counts_claim_count_idx` ON `tag_counts` (claim_count DESC,`tag`);--> statement-breakpoint
CREATE INDEX `actors_claim_count_idx` ON `actors` (claim_count DESC,`slug`) WHERE claim_count > 0;
