CREATE TABLE `actors` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`aliases` text DEFAULT '[]' NOT NULL,
	`affiliation_id` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`affiliation_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "actors_kind_check" CHECK(kind IN ('person', 'organization'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `actors_slug_unique` ON `actors` (`slug`);--> statement-breakpoint
CREATE INDEX `actors_kind_idx` ON `actors` (`kind`);--> statement-breakpoint
CREATE INDEX `actors_name_idx` ON `actors` (`name`);--> statement-breakpoint
CREATE INDEX `actors_affiliation_id_idx` ON `actors` (`affiliation_id`);--> statement-breakpoint
CREATE TABLE `claim_links` (
	`from_claim_id` text NOT NULL,
	`to_claim_id` text NOT NULL,
	`kind` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`from_claim_id`, `to_claim_id`),
	FOREIGN KEY (`from_claim_id`) REFERENCES `claims`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`to_claim_id`) REFERENCES `claims`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "claim_links_kind_check" CHECK(kind IN ('rebuts', 'supports')),
	CONSTRAINT "claim_links_no_self_check" CHECK(from_claim_id <> to_claim_id)
);
--> statement-breakpoint
CREATE INDEX `claim_links_to_claim_id_kind_idx` ON `claim_links` (`to_claim_id`,`kind`);--> statement-breakpoint
CREATE TABLE `claim_tags` (
	`claim_id` text NOT NULL,
	`tag` text NOT NULL,
	PRIMARY KEY(`claim_id`, `tag`),
	FOREIGN KEY (`claim_id`) REFERENCES `claims`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `claim_tags_tag_idx` ON `claim_tags` (`tag`);--> statement-breakpoint
CREATE TABLE `claims` (
	`seq` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`slug` text NOT NULL,
	`text` text NOT NULL,
	`language` text DEFAULT 'en' NOT NULL,
	`claimant_id` text NOT NULL,
	`stated_at` text NOT NULL,
	`status` text DEFAULT 'unverified' NOT NULL,
	`status_note` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`claimant_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "claims_status_check" CHECK(status IN ('unverified', 'unsubstantiated', 'disputed', 'supported', 'refuted', 'misleading', 'not_checkable'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `claims_id_unique` ON `claims` (`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `claims_slug_unique` ON `claims` (`slug`);--> statement-breakpoint
CREATE INDEX `claims_claimant_id_idx` ON `claims` (`claimant_id`);--> statement-breakpoint
CREATE INDEX `claims_status_idx` ON `claims` (`status`);--> statement-breakpoint
CREATE INDEX `claims_language_idx` ON `claims` (`language`);--> statement-breakpoint
CREATE INDEX `claims_stated_at_idx` ON `claims` (`stated_at`,`seq`);--> statement-breakpoint
CREATE INDEX `claims_created_at_idx` ON `claims` (`created_at`,`seq`);--> statement-breakpoint
CREATE TABLE `evidence` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`claim_id` text NOT NULL,
	`stance` text NOT NULL,
	`summary` text NOT NULL,
	`source_id` text,
	`quote_exact` text,
	`quote_start` integer,
	`quote_end` integer,
	`url` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`claim_id`) REFERENCES `claims`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "evidence_stance_check" CHECK(stance IN ('supports', 'refutes', 'context')),
	CONSTRAINT "evidence_quote_check" CHECK((quote_exact IS NULL AND quote_start IS NULL AND quote_end IS NULL) OR (source_id IS NOT NULL AND quote_exact IS NOT NULL AND quote_start >= 0 AND quote_end > quote_start))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `evidence_slug_unique` ON `evidence` (`slug`);--> statement-breakpoint
CREATE INDEX `evidence_claim_id_idx` ON `evidence` (`claim_id`);--> statement-breakpoint
CREATE INDEX `evidence_source_id_idx` ON `evidence` (`source_id`);--> statement-breakpoint
CREATE TABLE `quotes` (
	`id` text PRIMARY KEY NOT NULL,
	`claim_id` text NOT NULL,
	`position` integer NOT NULL,
	`source_id` text NOT NULL,
	`exact` text NOT NULL,
	`start` integer NOT NULL,
	`end` integer NOT NULL,
	`speaker_id` text,
	`original_source_id` text,
	FOREIGN KEY (`claim_id`) REFERENCES `claims`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`speaker_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`original_source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "quotes_offsets_check" CHECK(start >= 0 AND "end" > start)
);
--> statement-breakpoint
CREATE INDEX `quotes_source_id_idx` ON `quotes` (`source_id`);--> statement-breakpoint
CREATE INDEX `quotes_speaker_id_idx` ON `quotes` (`speaker_id`);--> statement-breakpoint
CREATE INDEX `quotes_original_source_id_idx` ON `quotes` (`original_source_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `quotes_claim_id_position_unique` ON `quotes` (`claim_id`,`position`);--> statement-breakpoint
CREATE TABLE `sources` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`kind` text NOT NULL,
	`title` text,
	`description` text,
	`url` text,
	`publisher` text,
	`published_at` text,
	`text` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	CONSTRAINT "sources_kind_check" CHECK(kind IN ('article', 'social_post', 'speech', 'interview', 'statement', 'op_ed', 'report', 'other'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sources_slug_unique` ON `sources` (`slug`);--> statement-breakpoint
CREATE UNIQUE INDEX `sources_url_unique` ON `sources` (`url`);--> statement-breakpoint
CREATE INDEX `sources_kind_idx` ON `sources` (`kind`);--> statement-breakpoint
CREATE TABLE `status_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`claim_id` text NOT NULL,
	`status` text NOT NULL,
	`previous_status` text,
	`note` text,
	`changed_by` text,
	`changed_at` text NOT NULL,
	FOREIGN KEY (`claim_id`) REFERENCES `claims`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "status_history_status_check" CHECK(status IN ('unverified', 'unsubstantiated', 'disputed', 'supported', 'refuted', 'misleading', 'not_checkable')),
	CONSTRAINT "status_history_previous_status_check" CHECK(previous_status IS NULL OR previous_status IN ('unverified', 'unsubstantiated', 'disputed', 'supported', 'refuted', 'misleading', 'not_checkable'))
);
--> statement-breakpoint
CREATE INDEX `status_history_claim_id_idx` ON `status_history` (`claim_id`,`id`);--> statement-breakpoint
CREATE INDEX `status_history_changed_at_idx` ON `status_history` (`changed_at`);