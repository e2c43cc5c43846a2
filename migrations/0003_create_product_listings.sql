CREATE TABLE "product_listings" (
	"product_id" text PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"search_document" "tsvector" NOT NULL,
	"tags" text[] NOT NULL,
	"facet_keys" text[] NOT NULL,
	"offers" jsonb NOT NULL,
	"price_band_keys" text[] NOT NULL,
	"fresh_until" timestamp with time zone NOT NULL,
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "product_listings" ADD CONSTRAINT "product_listings_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "product_listings_search_document_idx" ON "product_listings" USING gin ("search_document");--> statement-breakpoint
CREATE INDEX "product_listings_facet_keys_idx" ON "product_listings" USING gin ("facet_keys");--> statement-breakpoint
CREATE INDEX "product_listings_tags_idx" ON "product_listings" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "product_listings_newest_idx" ON "product_listings" USING btree ("created_at" DESC NULLS LAST,"product_id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "product_listings_fresh_until_idx" ON "product_listings" USING btree ("fresh_until") WHERE fresh_until < 'infinity';