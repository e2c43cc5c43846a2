CREATE TABLE "promotion_holds" (
	"promotion_id" text NOT NULL,
	"cart_id" text NOT NULL,
	"held_until" timestamp with time zone NOT NULL,
	"order_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "promotion_holds_promotion_id_cart_id_pk" PRIMARY KEY("promotion_id","cart_id")
);
--> statement-breakpoint
ALTER TABLE "promotion_holds" ADD CONSTRAINT "promotion_holds_promotion_id_promotions_id_fk" FOREIGN KEY ("promotion_id") REFERENCES "public"."promotions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "promotion_holds_cart_idx" ON "promotion_holds" USING btree ("cart_id");--> statement-breakpoint
CREATE INDEX "promotion_holds_lapsed_idx" ON "promotion_holds" USING btree ("held_until") WHERE order_id is null;