CREATE TABLE "webhook_deliveries" (
	"event_key" text PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"delivered_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_status" integer,
	"first_attempt_at" timestamp with time zone DEFAULT now() NOT NULL
);
