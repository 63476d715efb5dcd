ALTER TABLE "positions" DROP CONSTRAINT "positions_account_instrument_portfolio_unique";--> statement-breakpoint
ALTER TABLE "positions" ADD COLUMN "source" text DEFAULT 'broker' NOT NULL;--> statement-breakpoint
ALTER TABLE "option_events" ADD COLUMN "source" text DEFAULT 'broker' NOT NULL;--> statement-breakpoint
-- Events stored before dedupe keys existed each get a key of their own, then the column is required.
ALTER TABLE "option_events" ADD COLUMN "dedupe_key" text;--> statement-breakpoint
UPDATE "option_events" SET "dedupe_key" = 'legacy:' || "id"::text;--> statement-breakpoint
ALTER TABLE "option_events" ALTER COLUMN "dedupe_key" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "status_message" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "automated" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "created_by" uuid;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "reprice" jsonb;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "price_attempt" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "option_events_dedupe_key_unique" ON "option_events" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "orders_automated_created_idx" ON "orders" USING btree ("created_at") WHERE "orders"."automated";--> statement-breakpoint
ALTER TABLE "positions" ADD CONSTRAINT "positions_account_instrument_portfolio_source_unique" UNIQUE NULLS NOT DISTINCT("account_id","instrument_id","portfolio_id","source");--> statement-breakpoint
ALTER TABLE "positions" ADD CONSTRAINT "positions_source" CHECK ("positions"."source" in ('broker', 'paper'));--> statement-breakpoint
ALTER TABLE "option_events" ADD CONSTRAINT "option_events_source" CHECK ("option_events"."source" in ('broker', 'paper'));--> statement-breakpoint
-- Order-flow settings (issue 8). ON CONFLICT keeps an operator's choice if the row already exists.
INSERT INTO "app_settings" ("key", "value") VALUES ('reduce_only', 'false'::jsonb) ON CONFLICT ("key") DO NOTHING;--> statement-breakpoint
INSERT INTO "app_settings" ("key", "value") VALUES ('automation_limits', '{"maxContractsPerOrder":10,"maxNotionalPerOrder":null,"maxContractsPerDay":50,"maxNotionalPerDay":null}'::jsonb) ON CONFLICT ("key") DO NOTHING;--> statement-breakpoint
INSERT INTO "app_settings" ("key", "value") VALUES ('order_policy', '{"priceBandFraction":0.25,"priceBandTicks":5,"repriceEnabled":false,"repriceStepFraction":0.25,"repriceMaxSteps":4,"repriceDelaySeconds":60}'::jsonb) ON CONFLICT ("key") DO NOTHING;
