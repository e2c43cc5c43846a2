CREATE TABLE "markets" (
	"id" text PRIMARY KEY NOT NULL,
	"handle" text NOT NULL,
	"name" text NOT NULL,
	"default_currency" char(3) NOT NULL,
	"currencies" text[] NOT NULL,
	"countries" text[] NOT NULL,
	"prices_include_tax" boolean NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "markets_handle_unique" UNIQUE("handle"),
	CONSTRAINT "markets_id_prefix" CHECK ("markets"."id" like 'mkt\_%'),
	CONSTRAINT "markets_default_currency_listed" CHECK ("markets"."default_currency" = any("markets"."currencies"))
);
