-- A claim may have no claimant: a news article's own statement of fact names no author, and the
-- record must not invent one. SQLite cannot drop a NOT NULL: the table is rebuilt (drizzle-kit's
-- statements below). The store turns foreign keys off around the migrations, so that dropping the
-- old table deletes nothing that references it. Its triggers go with it and are made again at
-- the end, as they stood; the renaming is done the legacy way, which leaves the view and the
-- other tables' triggers that name `claims` as they are (they name it again once renamed).
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_claims` (
	`seq` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`slug` text NOT NULL,
	`text` text NOT NULL,
	`language` text DEFAULT 'en' NOT NULL,
	`claimant_id` text,
	`stated_at` text NOT NULL,
	`status` text DEFAULT 'unverified' NOT NULL,
	`status_note` text,
	`rebuttal_count` integer DEFAULT 0 NOT NULL,
	`supporter_count` integer DEFAULT 0 NOT NULL,
	`rebuts_count` integer DEFAULT 0 NOT NULL,
	`supports_count` integer DEFAULT 0 NOT NULL,
	`evidence_count` integer DEFAULT 0 NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`attribution` text DEFAULT 'stated' NOT NULL,
	`attribution_note` text,
	`stated_at_note` text,
	FOREIGN KEY (`claimant_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "claims_status_check" CHECK(status IN ('unverified', 'unsubstantiated', 'disputed', 'supported', 'refuted', 'misleading', 'not_checkable')),
	CONSTRAINT "claims_attribution_check" CHECK(attribution IN ('stated', 'inferred')),
	CONSTRAINT "claims_rebuttal_count_check" CHECK(rebuttal_count >= 0),
	CONSTRAINT "claims_supporter_count_check" CHECK(supporter_count >= 0),
	CONSTRAINT "claims_rebuts_count_check" CHECK(rebuts_count >= 0),
	CONSTRAINT "claims_supports_count_check" CHECK(supports_count >= 0),
	CONSTRAINT "claims_evidence_count_check" CHECK(evidence_count >= 0)
);
--> statement-breakpoint
INSERT INTO `__new_claims`("seq", "id", "slug", "text", "language", "claimant_id", "stated_at", "status", "status_note", "rebuttal_count", "supporter_count", "rebuts_count", "supports_count", "evidence_count", "version", "created_at", "updated_at", "attribution", "attribution_note", "stated_at_note") SELECT "seq", "id", "slug", "text", "language", "claimant_id", "stated_at", "status", "status_note", "rebuttal_count", "supporter_count", "rebuts_count", "supports_count", "evidence_count", "version", "created_at", "updated_at", "attribution", "attribution_note", "stated_at_note" FROM `claims`;--> statement-breakpoint
DROP TABLE `claims`;--> statement-breakpoint
PRAGMA legacy_alter_table=ON;--> statement-breakpoint
ALTER TABLE `__new_claims` RENAME TO `claims`;--> statement-breakpoint
PRAGMA legacy_alter_table=OFF;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `claims_id_unique` ON `claims` (`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `claims_slug_unique` ON `claims` (`slug`);--> statement-breakpoint
CREATE INDEX `claims_stated_at_idx` ON `claims` (`stated_at`,`seq`);--> statement-breakpoint
CREATE INDEX `claims_created_at_idx` ON `claims` (`created_at`,`seq`);--> statement-breakpoint
CREATE INDEX `claims_claimant_stated_at_idx` ON `claims` (`claimant_id`,`stated_at`,`seq`);--> statement-breakpoint
CREATE INDEX `claims_claimant_created_at_idx` ON `claims` (`claimant_id`,`created_at`,`seq`);--> statement-breakpoint
CREATE INDEX `claims_status_stated_at_idx` ON `claims` (`status`,`stated_at`,`seq`);--> statement-breakpoint
CREATE INDEX `claims_status_created_at_idx` ON `claims` (`status`,`created_at`,`seq`);--> statement-breakpoint
CREATE INDEX `claims_language_stated_at_idx` ON `claims` (`language`,`stated_at`,`seq`);--> statement-breakpoint
CREATE INDEX `claims_language_created_at_idx` ON `claims` (`language`,`created_at`,`seq`);--> statement-breakpoint
CREATE TRIGGER claims_search_insert AFTER INSERT ON claims BEGIN
  INSERT INTO claim_search(rowid, text, quotes, tags, claimant)
  SELECT seq, text, quotes, tags, claimant FROM claim_search_rows WHERE seq = new.seq;
END;--> statement-breakpoint
CREATE TRIGGER claims_search_update AFTER UPDATE OF text, claimant_id ON claims
WHEN old.text IS NOT new.text OR old.claimant_id IS NOT new.claimant_id BEGIN
  UPDATE claim_search SET (text, claimant) = (SELECT text, claimant FROM claim_search_rows WHERE seq = new.seq)
  WHERE rowid = new.seq;
END;--> statement-breakpoint
CREATE TRIGGER claims_search_delete AFTER DELETE ON claims BEGIN
  DELETE FROM claim_search WHERE rowid = old.seq;
END;--> statement-breakpoint
CREATE TRIGGER `claims_source_claims_dates` AFTER UPDATE OF `stated_at`, `created_at` ON `claims` BEGIN
  UPDATE `source_claims` SET `stated_at` = new.`stated_at`, `created_at` = new.`created_at` WHERE `claim_id` = new.`id`;
END;--> statement-breakpoint
CREATE TRIGGER `claims_claim_tags_dates` AFTER UPDATE OF `stated_at`, `created_at` ON `claims` BEGIN
  UPDATE `claim_tags` SET `stated_at` = new.`stated_at`, `created_at` = new.`created_at` WHERE `claim_id` = new.`id`;
END;--> statement-breakpoint
CREATE TRIGGER `claims_claim_links_dates` AFTER UPDATE OF `stated_at`, `created_at` ON `claims` BEGIN
  UPDATE `claim_links` SET `from_stated_at` = new.`stated_at`, `from_created_at` = new.`created_at` WHERE `from_claim_id` = new.`id`;
END;--> statement-breakpoint
CREATE TRIGGER `claims_claim_links_insert` AFTER INSERT ON `claims` BEGIN
  UPDATE `claim_links` SET `from_seq` = new.`seq`, `from_stated_at` = new.`stated_at`, `from_created_at` = new.`created_at` WHERE `from_claim_id` = new.`id`;
END;
