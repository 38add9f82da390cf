CREATE SEQUENCE "public"."case_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"source" text NOT NULL,
	"source_ref" text NOT NULL,
	"channel" text NOT NULL,
	"idempotency_key" text,
	"platform" text NOT NULL,
	"content_kind" text NOT NULL,
	"live" boolean NOT NULL,
	"severity" text NOT NULL,
	"drill" boolean NOT NULL,
	"detected_at" timestamp with time zone,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attached" boolean NOT NULL,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "case_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"seq" integer NOT NULL,
	"kind" text NOT NULL,
	"from_stage" text,
	"to_stage" text,
	"actor_id" text,
	"actor_role" text,
	"at" timestamp with time zone NOT NULL,
	"summary" text NOT NULL,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "case_identities" (
	"kind" text NOT NULL,
	"hash" text NOT NULL,
	"case_id" text NOT NULL,
	"open" boolean DEFAULT true NOT NULL,
	CONSTRAINT "case_identities_kind_hash_case_id_pk" PRIMARY KEY("kind","hash","case_id")
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" text PRIMARY KEY NOT NULL,
	"workflow_id" text NOT NULL,
	"stage" text NOT NULL,
	"severity" text NOT NULL,
	"drill" boolean DEFAULT false NOT NULL,
	"legal_ground" text NOT NULL,
	"policy_version" text NOT NULL,
	"district_code" text,
	"police_station" text,
	"opened_at" timestamp with time zone NOT NULL,
	"located_at" timestamp with time zone,
	"notified_at" timestamp with time zone,
	"acknowledged_at" timestamp with time zone,
	"dispatched_at" timestamp with time zone,
	"arrived_at" timestamp with time zone,
	"contact_at" timestamp with time zone,
	"outcome_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"not_located_reason" text,
	"outcome" text,
	"gender" text,
	"age_band" text,
	"counselling" boolean,
	"helpline_referral" boolean,
	"escalation_level" smallint DEFAULT 0 NOT NULL,
	"overdue" boolean DEFAULT false NOT NULL,
	"next_deadline_at" timestamp with time zone,
	"alert_count" integer DEFAULT 1 NOT NULL,
	"state_version" integer DEFAULT 0 NOT NULL,
	"snapshot" jsonb,
	"erased_at" timestamp with time zone,
	"workflow_started_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cases_workflow_id_unique" UNIQUE("workflow_id")
);
--> statement-breakpoint
CREATE TABLE "deliveries" (
	"case_id" text NOT NULL,
	"step" text NOT NULL,
	"level" integer NOT NULL,
	"recipient" text NOT NULL,
	"role" text NOT NULL,
	"message_id" text NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"first_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "deliveries_case_id_step_level_recipient_pk" PRIMARY KEY("case_id","step","level","recipient")
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"kind" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"done_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "rejected_emails" (
	"id" uuid PRIMARY KEY NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"envelope_from" text,
	"message_id" text,
	"reason" text NOT NULL,
	"raw" text,
	"size_bytes" bigint NOT NULL,
	"reviewed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "supervisor_alerts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" text,
	"kind" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"message" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	CONSTRAINT "supervisor_alerts_dedupe_key_unique" UNIQUE("dedupe_key")
);
--> statement-breakpoint
CREATE TABLE "directory_contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"role" text NOT NULL,
	"scope" text NOT NULL,
	"scope_key" text NOT NULL,
	"district_code" text,
	"station_id" uuid,
	"state_code" text,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"phone" text,
	"shift_start" smallint,
	"shift_end" smallint,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "districts" (
	"code" text PRIMARY KEY NOT NULL,
	"name_en" text NOT NULL,
	"name_hi" text NOT NULL,
	"policing" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "escalation_policies" (
	"version" text PRIMARY KEY NOT NULL,
	"document" jsonb NOT NULL,
	"note" text,
	"based_on" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_by" text,
	"published_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "police_stations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"district_code" text NOT NULL,
	"name" text NOT NULL,
	"name_hi" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "digest_deliveries" (
	"period_end" timestamp with time zone NOT NULL,
	"recipient" text NOT NULL,
	"message_id" text NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"sent_at" timestamp with time zone,
	CONSTRAINT "digest_deliveries_period_end_recipient_pk" PRIMARY KEY("period_end","recipient")
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"secret_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "api_tokens_secret_hash_unique" UNIQUE("secret_hash")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" text,
	"actor_role" text,
	"action" text NOT NULL,
	"case_id" text,
	"outcome" text NOT NULL,
	"status" integer,
	"ip" text,
	"request_id" text,
	"details" jsonb,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"csrf_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"roles" text[] NOT NULL,
	"districts" text[] DEFAULT '{}'::text[] NOT NULL,
	"language" text DEFAULT 'en' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_login_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_identities" ADD CONSTRAINT "case_identities_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervisor_alerts" ADD CONSTRAINT "supervisor_alerts_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_contacts" ADD CONSTRAINT "directory_contacts_district_code_districts_code_fk" FOREIGN KEY ("district_code") REFERENCES "public"."districts"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_contacts" ADD CONSTRAINT "directory_contacts_station_id_police_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."police_stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "police_stations" ADD CONSTRAINT "police_stations_district_code_districts_code_fk" FOREIGN KEY ("district_code") REFERENCES "public"."districts"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_source_ref_uq" ON "alerts" USING btree ("source","source_ref");--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_idempotency_uq" ON "alerts" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "alerts_case_idx" ON "alerts" USING btree ("case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "case_events_case_seq_uq" ON "case_events" USING btree ("case_id","seq");--> statement-breakpoint
CREATE INDEX "case_identities_open_idx" ON "case_identities" USING btree ("kind","hash") WHERE "case_identities"."open";--> statement-breakpoint
CREATE INDEX "cases_stage_idx" ON "cases" USING btree ("stage","opened_at");--> statement-breakpoint
CREATE INDEX "cases_district_idx" ON "cases" USING btree ("district_code","opened_at");--> statement-breakpoint
CREATE INDEX "cases_opened_idx" ON "cases" USING btree ("opened_at","id");--> statement-breakpoint
CREATE INDEX "cases_overdue_idx" ON "cases" USING btree ("overdue") WHERE "cases"."overdue";--> statement-breakpoint
CREATE INDEX "cases_retention_idx" ON "cases" USING btree ("closed_at") WHERE "cases"."erased_at" is null and "cases"."closed_at" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_dedupe_uq" ON "outbox" USING btree ("kind","dedupe_key");--> statement-breakpoint
CREATE INDEX "outbox_pending_idx" ON "outbox" USING btree ("next_attempt_at") WHERE "outbox"."done_at" is null;--> statement-breakpoint
CREATE INDEX "supervisor_alerts_open_idx" ON "supervisor_alerts" USING btree ("created_at") WHERE "supervisor_alerts"."resolved_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "directory_contacts_uq" ON "directory_contacts" USING btree ("role","scope_key","email");--> statement-breakpoint
CREATE INDEX "directory_contacts_role_idx" ON "directory_contacts" USING btree ("role","district_code") WHERE "directory_contacts"."active";--> statement-breakpoint
CREATE INDEX "escalation_policies_published_idx" ON "escalation_policies" USING btree ("published_at") WHERE "escalation_policies"."published_at" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "police_stations_name_uq" ON "police_stations" USING btree ("district_code",lower("name"));--> statement-breakpoint
CREATE INDEX "api_tokens_user_idx" ON "api_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "audit_case_idx" ON "audit_log" USING btree ("case_id","seq");--> statement-breakpoint
CREATE INDEX "audit_actor_idx" ON "audit_log" USING btree ("actor_id","seq");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_username_uq" ON "users" USING btree (lower("username"));