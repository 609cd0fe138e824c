CREATE TABLE `claim_reviews` (
	`claim_id` text PRIMARY KEY NOT NULL,
	`publisher` text,
	`label` text,
	`rating_value` real,
	`best_rating` real,
	`worst_rating` real,
	`score` real,
	FOREIGN KEY (`claim_id`) REFERENCES `claims`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "claim_reviews_score_check" CHECK(score IS NULL OR (score >= 0 AND score <= 1))
);
