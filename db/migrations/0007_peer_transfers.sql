CREATE TABLE "peer_request_signatures" (
	"signature" text PRIMARY KEY NOT NULL,
	"peer_state" text NOT NULL,
	"seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "peer_transfers" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"direction" text NOT NULL,
	"peer_state" text NOT NULL,
	"local_case_id" text NOT NULL,
	"remote_case_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "peer_transfers" ADD CONSTRAINT "peer_transfers_local_case_id_cases_id_fk" FOREIGN KEY ("local_case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "peer_transfers_received_uq" ON "peer_transfers" USING btree ("peer_state","remote_case_id") WHERE direction = 'received';--> statement-breakpoint
CREATE UNIQUE INDEX "peer_transfers_sent_uq" ON "peer_transfers" USING btree ("peer_state","local_case_id") WHERE direction = 'sent';