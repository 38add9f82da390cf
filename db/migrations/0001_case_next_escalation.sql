ALTER TABLE "cases" ADD COLUMN "next_escalation_level" smallint;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "next_escalation_notify" text[];--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "next_escalation_final" boolean;