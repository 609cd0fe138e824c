CREATE TABLE `claim_provenance` (
	`claim_id` text PRIMARY KEY NOT NULL,
	`format` text NOT NULL,
	`url` text NOT NULL,
	`imported_at` text NOT NULL,
	`document` text NOT NULL,
	FOREIGN KEY (`claim_id`) REFERENCES `claims`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `claim_provenance_url_unique` ON `claim_provenance` (`url`);