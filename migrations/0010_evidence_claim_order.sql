DROP INDEX `evidence_claim_id_idx`;--> statement-breakpoint
CREATE INDEX `evidence_claim_order_idx` ON `evidence` (`claim_id`,`created_at`,`slug`);