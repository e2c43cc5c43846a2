CREATE TABLE "support_tickets" (
	"id" text PRIMARY KEY NOT NULL,
	"crm_ticket_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"order_id" text,
	"subject" text NOT NULL,
	"status" text NOT NULL,
	"priority" text NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"crm_updated_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "support_tickets_crm_ticket_key" UNIQUE("crm_ticket_id"),
	CONSTRAINT "support_tickets_id_prefix" CHECK ("support_tickets"."id" like 'tkt\_%'),
	CONSTRAINT "support_tickets_status_known" CHECK ("support_tickets"."status" in ('open', 'pending', 'solved', 'closed')),
	CONSTRAINT "support_tickets_priority_known" CHECK ("support_tickets"."priority" in ('low', 'normal', 'high', 'urgent'))
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "crm_profile_sequence" bigint;--> statement-breakpoint
ALTER TABLE "support_tickets" ADD CONSTRAINT "support_tickets_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_tickets" ADD CONSTRAINT "support_tickets_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "support_tickets_customer_idx" ON "support_tickets" USING btree ("customer_id","opened_at");--> statement-breakpoint
CREATE INDEX "support_tickets_order_idx" ON "support_tickets" USING btree ("order_id","opened_at") WHERE "support_tickets"."order_id" is not null;