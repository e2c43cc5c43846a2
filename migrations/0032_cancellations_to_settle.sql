CREATE TABLE "cancellations_to_settle" (
	"order_id" text PRIMARY KEY NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text
);
--> statement-breakpoint
ALTER TABLE "cancellations_to_settle" ADD CONSTRAINT "cancellations_to_settle_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cancellations_to_settle_due_idx" ON "cancellations_to_settle" USING btree ("due_at");