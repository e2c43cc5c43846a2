CREATE TABLE "event_deliveries" (
	"id" text PRIMARY KEY NOT NULL,
	"message_id" text NOT NULL,
	"event_id" text NOT NULL,
	"destination" text NOT NULL,
	"url" text NOT NULL,
	"status" text DEFAULT 'published' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_status" integer,
	"last_answer" text,
	"dlq_id" text,
	"replay_id" text,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_deliveries_messageId_unique" UNIQUE("message_id"),
	CONSTRAINT "event_deliveries_id_prefix" CHECK ("event_deliveries"."id" like 'dlv\_%'),
	CONSTRAINT "event_deliveries_status_known" CHECK ("event_deliveries"."status" in ('published', 'retrying', 'delivered', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "event_deliveries" ADD CONSTRAINT "event_deliveries_event_id_outbox_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."outbox_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "event_deliveries_event_idx" ON "event_deliveries" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "event_deliveries_newest_idx" ON "event_deliveries" USING btree ("published_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "event_deliveries_status_idx" ON "event_deliveries" USING btree ("status","published_at" DESC NULLS LAST);