CREATE TABLE "storefront_facet_counts" (
	"currency" text NOT NULL,
	"key" text NOT NULL,
	"stripe" smallint NOT NULL,
	"listings" bigint NOT NULL,
	CONSTRAINT "storefront_facet_counts_currency_key_stripe_pk" PRIMARY KEY("currency","key","stripe")
);
