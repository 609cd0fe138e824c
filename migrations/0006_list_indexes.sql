DROP INDEX `claims_claimant_id_idx`;--> statement-breakpoint
DROP INDEX `claims_status_idx`;--> statement-breakpoint
DROP INDEX `claims_language_idx`;--> statement-breakpoint
CREATE INDEX `claims_claimant_stated_at_idx` ON `claims` (`claimant_id`,`stated_at`,`seq`);--> statement-breakpoint
CREATE INDEX `claims_claimant_created_at_idx` ON `claims` (`claimant_id`,`created_at`,`seq`);--> statement-breakpoint
CREATE INDEX `claims_status_stated_at_idx` ON `claims` (`status`,`stated_at`,`seq`);--> statement-breakpoint
CREATE INDEX `claims_status_created_at_idx` ON `claims` (`status`,`created_at`,`seq`);--> statement-breakpoint
CREATE INDEX `claims_language_stated_at_idx` ON `claims` (`language`,`stated_at`,`seq`);--> statement-breakpoint
CREATE INDEX `claims_language_created_at_idx` ON `claims` (`language`,`created_at`,`seq`);