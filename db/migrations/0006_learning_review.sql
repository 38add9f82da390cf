ALTER TABLE "cases" ADD COLUMN "review_delays" text[];--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "found_by" text;