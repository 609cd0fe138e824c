PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`key_name` text,
	`action` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text NOT NULL,
	`changes` text NOT NULL,
	CONSTRAINT "audit_log_action_check" CHECK(action IN ('create', 'update', 'delete', 'link', 'unlink', 'status')),
	CONSTRAINT "audit_log_entity_type_check" CHECK(entity_type IN ('actor', 'source', 'claim', 'evidence', 'link', 'key'))
);
--> statement-breakpoint
INSERT INTO `__new_audit_log`("id", "at", "key_name", "action", "entity_type", "entity_id", "changes") SELECT "id", "at", "key_name", "action", "entity_type", "entity_id", "changes" FROM `audit_log`;--> statement-breakpoint
DROP TABLE `audit_log`;--> statement-breakpoint
ALTER TABLE `__new_audit_log` RENAME TO `audit_log`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `audit_log_entity_idx` ON `audit_log` (`entity_type`,`entity_id`,`id`);--> statement-breakpoint
CREATE INDEX `audit_log_at_idx` ON `audit_log` (`at`);