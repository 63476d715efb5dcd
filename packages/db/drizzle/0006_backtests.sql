CREATE TABLE "backtest_results" (
	"run_id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"strategy_slug" text NOT NULL,
	"request" jsonb NOT NULL,
	"created_by" uuid,
	"progress" double precision DEFAULT 0 NOT NULL,
	"from_date" date,
	"to_date" date,
	"years" jsonb,
	"trades" jsonb,
	"signals" jsonb
);
--> statement-breakpoint
ALTER TABLE "equity_curve_points" ADD COLUMN "benchmark" numeric(20, 6);--> statement-breakpoint
ALTER TABLE "backtest_results" ADD CONSTRAINT "backtest_results_run_id_strategy_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."strategy_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "backtest_results" ADD CONSTRAINT "backtest_results_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;