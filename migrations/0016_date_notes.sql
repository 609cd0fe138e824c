ALTER TABLE `claims` ADD `stated_at_note` text;--> statement-breakpoint
ALTER TABLE `sources` ADD `published_at_note` text;