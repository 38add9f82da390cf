DROP INDEX "alerts_source_ref_uq";--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "repeat_of" uuid;--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_source_ref_uq" ON "alerts" USING btree ("source","source_ref") WHERE "alerts"."repeat_of" is null;