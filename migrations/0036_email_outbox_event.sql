ALTER TABLE "email_outbox" ADD COLUMN "event_id" text;--> statement-breakpoint
ALTER TABLE "email_outbox" ADD CONSTRAINT "email_outbox_eventId_unique" UNIQUE("event_id");