CREATE TABLE "api_tokens" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "deductions" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"points" numeric(7, 2) NOT NULL,
	"reason" text NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deductions_project_reason" UNIQUE("project_id","reason"),
	CONSTRAINT "deductions_points_check" CHECK ("deductions"."points" > 0 and "deductions"."points" <= 100)
);
--> statement-breakpoint
CREATE TABLE "indicators" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"level1" text NOT NULL,
	"level2" text NOT NULL,
	"level3" text NOT NULL,
	"expected" text NOT NULL,
	"rule" text NOT NULL,
	"target_value" numeric(18, 2),
	"unit" text,
	"manual_actual" text,
	"manual_points" numeric(7, 2),
	"weight" numeric(7, 2) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "indicators_project_level3" UNIQUE("project_id","level3"),
	CONSTRAINT "indicators_rule_check" CHECK ("indicators"."rule" in ('出让宗数','财政增收','按时上缴','工作经费','拍卖机构满意度','预算执行率','手工')),
	CONSTRAINT "indicators_weight_check" CHECK ("indicators"."weight" >= 0 and "indicators"."weight" <= 100),
	CONSTRAINT "indicators_target_check" CHECK ("indicators"."target_value" is null or "indicators"."target_value" >= 0),
	CONSTRAINT "indicators_manual_check" CHECK ("indicators"."rule" = '手工' or ("indicators"."manual_actual" is null and "indicators"."manual_points" is null)),
	CONSTRAINT "indicators_points_check" CHECK ("indicators"."manual_points" is null or ("indicators"."manual_points" >= 0 and "indicators"."manual_points" <= "indicators"."weight"))
);
--> statement-breakpoint
CREATE TABLE "satisfaction_responses" (
	"id" serial PRIMARY KEY NOT NULL,
	"center_id" integer NOT NULL,
	"year" integer NOT NULL,
	"agency_id" integer NOT NULL,
	"rating" text NOT NULL,
	"comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "satisfaction_center_year_agency" UNIQUE("center_id","year","agency_id"),
	CONSTRAINT "satisfaction_rating_check" CHECK ("satisfaction_responses"."rating" in ('非常满意','满意','基本满意','不满意','非常不满意')),
	CONSTRAINT "satisfaction_year_check" CHECK ("satisfaction_responses"."year" between 1990 and 2200)
);
--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "actual_goal" text;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deductions" ADD CONSTRAINT "deductions_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deductions" ADD CONSTRAINT "deductions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicators" ADD CONSTRAINT "indicators_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "satisfaction_responses" ADD CONSTRAINT "satisfaction_responses_center_id_centers_id_fk" FOREIGN KEY ("center_id") REFERENCES "public"."centers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "satisfaction_responses" ADD CONSTRAINT "satisfaction_responses_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_tokens_user_idx" ON "api_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "deductions_project_idx" ON "deductions" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "indicators_project_idx" ON "indicators" USING btree ("project_id","position");