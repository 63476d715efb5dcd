ALTER TABLE "recommendations" ADD COLUMN "fingerprint" text;--> statement-breakpoint
ALTER TABLE "recommendations" ADD COLUMN "symbol" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "recommendations" ADD COLUMN "spread" jsonb;--> statement-breakpoint
ALTER TABLE "signals" ADD COLUMN "symbol" text;--> statement-breakpoint
ALTER TABLE "signals" ADD COLUMN "message" text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "recommendations_instance_fingerprint_pending_unique" ON "recommendations" USING btree ("instance_id","fingerprint") WHERE "recommendations"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "recommendations_pending_expires_idx" ON "recommendations" USING btree ("expires_at") WHERE "recommendations"."status" = 'pending';