CREATE TABLE "claim_reviews" (
	"claim_id" text PRIMARY KEY NOT NULL,
	"publisher" text,
	"label" text,
	"rating_value" double precision,
	"best_rating" double precision,
	"worst_rating" double precision,
	"score" double precision,
	CONSTRAINT "claim_reviews_score_check" CHECK (score IS NULL OR (score >= 0 AND score <= 1))
);
--> statement-breakpoint
ALTER TABLE "claim_reviews" ADD CONSTRAINT "claim_reviews_claim_id_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."claims"("id") ON DELETE cascade ON UPDATE no action;