CREATE TABLE "payment_refund_lines" (
	"refund_id" text NOT NULL,
	"order_line_id" text NOT NULL,
	"quantity" integer NOT NULL,
	"amount" bigint NOT NULL,
	CONSTRAINT "payment_refund_lines_refund_id_order_line_id_pk" PRIMARY KEY("refund_id","order_line_id"),
	CONSTRAINT "payment_refund_lines_quantity_positive" CHECK ("payment_refund_lines"."quantity" > 0),
	CONSTRAINT "payment_refund_lines_amount_non_negative" CHECK ("payment_refund_lines"."amount" >= 0)
);
--> statement-breakpoint
ALTER TABLE "payment_refunds" ADD COLUMN "reason" text;--> statement-breakpoint
ALTER TABLE "payment_refund_lines" ADD CONSTRAINT "payment_refund_lines_refund_id_payment_refunds_id_fk" FOREIGN KEY ("refund_id") REFERENCES "public"."payment_refunds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_refund_lines" ADD CONSTRAINT "payment_refund_lines_order_line_id_order_lines_id_fk" FOREIGN KEY ("order_line_id") REFERENCES "public"."order_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payment_refund_lines_order_line_idx" ON "payment_refund_lines" USING btree ("order_line_id");