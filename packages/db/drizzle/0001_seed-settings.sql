-- Global kill switch: auto-trading is off until an operator turns it on (design §5).
-- ON CONFLICT keeps an operator's choice if this ever runs against a database that already has the row.
INSERT INTO "app_settings" ("key", "value") VALUES ('autotrade_enabled', 'false'::jsonb) ON CONFLICT ("key") DO NOTHING;
