DROP INDEX `claims_status_stated_at_idx`;--> statement-breakpoint
DROP INDEX `claims_status_created_at_idx`;--> statement-breakpoint
DROP INDEX `claims_language_stated_at_idx`;--> statement-breakpoint
DROP INDEX `claims_language_created_at_idx`;--> statement-breakpoint
CREATE INDEX `claims_status_stated_at_idx` ON `claims` (`status`,`stated_at`,`seq`,`language`);--> statement-breakpoint
CREATE INDEX `claims_status_created_at_idx` ON `claims` (`status`,`created_at`,`seq`,`language`);--> statement-breakpoint
CREATE INDEX `claims_language_stated_at_idx` ON `claims` (`language`,`stated_at`,`seq`,`status`);--> statement-breakpoint
CREATE INDEX `claims_language_created_at_idx` ON `claims` (`language`,`created_at`,`seq`,`status`);