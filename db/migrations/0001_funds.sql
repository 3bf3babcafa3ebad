CREATE TABLE "budget_entries" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"kind" text NOT NULL,
	"amount" bigint NOT NULL,
	"entry_date" date NOT NULL,
	"doc_no" text,
	"reason" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "budget_entries_kind_check" CHECK ("budget_entries"."kind" in ('年初预算','追加','调减')),
	CONSTRAINT "budget_entries_amount_check" CHECK ("budget_entries"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "closed_years" (
	"center_id" integer NOT NULL,
	"year" integer NOT NULL,
	"closed_by" integer,
	"closed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "closed_years_center_id_year_pk" PRIMARY KEY("center_id","year")
);
--> statement-breakpoint
CREATE TABLE "fee_agreements" (
	"id" serial PRIMARY KEY NOT NULL,
	"agency_id" integer NOT NULL,
	"year" integer NOT NULL,
	"method" text NOT NULL,
	"fixed_amount" bigint,
	"rate" numeric(9, 4),
	"tiers" jsonb,
	"cap" bigint,
	"pay_failed" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fee_agreements_agency_year" UNIQUE("agency_id","year"),
	CONSTRAINT "fee_agreements_method_check" CHECK ("fee_agreements"."method" in ('按宗固定','按成交价比例','分档累进')),
	CONSTRAINT "fee_agreements_shape" CHECK (("fee_agreements"."method" = '按宗固定' and "fee_agreements"."fixed_amount" is not null)
    or ("fee_agreements"."method" = '按成交价比例' and "fee_agreements"."rate" is not null)
    or ("fee_agreements"."method" = '分档累进' and "fee_agreements"."tiers" is not null))
);
--> statement-breakpoint
CREATE TABLE "fund_arrivals" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"amount" bigint NOT NULL,
	"arrived_on" date NOT NULL,
	"source" text DEFAULT '财政拨款' NOT NULL,
	"note" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fund_arrivals_amount_check" CHECK ("fund_arrivals"."amount" > 0),
	CONSTRAINT "fund_arrivals_source_check" CHECK ("fund_arrivals"."source" in ('财政拨款','其他'))
);
--> statement-breakpoint
CREATE TABLE "payment_steps" (
	"id" serial PRIMARY KEY NOT NULL,
	"payment_id" integer NOT NULL,
	"from_status" text NOT NULL,
	"to_status" text NOT NULL,
	"duty" text,
	"user_id" integer,
	"reason" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" serial PRIMARY KEY NOT NULL,
	"center_id" integer NOT NULL,
	"project_id" integer NOT NULL,
	"category" text NOT NULL,
	"payee" text NOT NULL,
	"amount" bigint NOT NULL,
	"transfer_id" integer,
	"announcement_id" integer,
	"agency_id" integer,
	"summary" text,
	"attachment" text,
	"status" text DEFAULT '草稿' NOT NULL,
	"paid_on" date,
	"voucher_no" text,
	"reverses_id" integer,
	"imported" boolean DEFAULT false NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payments_center_voucher" UNIQUE("center_id","voucher_no"),
	CONSTRAINT "payments_reverses_once" UNIQUE("reverses_id"),
	CONSTRAINT "payments_status_check" CHECK ("payments"."status" in ('草稿','待科室负责人审核','待业务分管领导审批','待财务分管领导审批','待支付','已支付','已退回','已撤销')),
	CONSTRAINT "payments_category_check" CHECK ("payments"."category" in ('拍卖机构劳务费','公告费','其他')),
	CONSTRAINT "payments_sign_check" CHECK (("payments"."reverses_id" is null and "payments"."amount" > 0) or ("payments"."reverses_id" is not null and "payments"."amount" < 0)),
	CONSTRAINT "payments_paid_check" CHECK (("payments"."status" = '已支付') = ("payments"."paid_on" is not null and "payments"."voucher_no" is not null))
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" serial PRIMARY KEY NOT NULL,
	"center_id" integer NOT NULL,
	"year" integer NOT NULL,
	"name" text NOT NULL,
	"budget_unit" text,
	"target" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "projects_center_year_name" UNIQUE("center_id","year","name"),
	CONSTRAINT "projects_year_check" CHECK ("projects"."year" between 1990 and 2200)
);
--> statement-breakpoint
CREATE TABLE "remittances" (
	"id" serial PRIMARY KEY NOT NULL,
	"center_id" integer NOT NULL,
	"receipt_no" text NOT NULL,
	"revenue_type" text NOT NULL,
	"transfer_id" integer,
	"amount" bigint NOT NULL,
	"remitted_on" date NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "remittances_center_receipt" UNIQUE("center_id","receipt_no"),
	CONSTRAINT "remittances_amount_check" CHECK ("remittances"."amount" > 0),
	CONSTRAINT "remittances_type_check" CHECK ("remittances"."revenue_type" in ('土地出让收入','矿业权出让收益','交易服务费','其他'))
);
--> statement-breakpoint
CREATE TABLE "revenue_targets" (
	"center_id" integer NOT NULL,
	"year" integer NOT NULL,
	"amount" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "revenue_targets_center_id_year_pk" PRIMARY KEY("center_id","year"),
	CONSTRAINT "revenue_targets_amount_check" CHECK ("revenue_targets"."amount" > 0)
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "duties" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "budget_entries" ADD CONSTRAINT "budget_entries_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_entries" ADD CONSTRAINT "budget_entries_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "closed_years" ADD CONSTRAINT "closed_years_center_id_centers_id_fk" FOREIGN KEY ("center_id") REFERENCES "public"."centers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "closed_years" ADD CONSTRAINT "closed_years_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fee_agreements" ADD CONSTRAINT "fee_agreements_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_arrivals" ADD CONSTRAINT "fund_arrivals_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_arrivals" ADD CONSTRAINT "fund_arrivals_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_steps" ADD CONSTRAINT "payment_steps_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_steps" ADD CONSTRAINT "payment_steps_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_center_id_centers_id_fk" FOREIGN KEY ("center_id") REFERENCES "public"."centers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_transfer_id_transfers_id_fk" FOREIGN KEY ("transfer_id") REFERENCES "public"."transfers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_announcement_id_announcements_id_fk" FOREIGN KEY ("announcement_id") REFERENCES "public"."announcements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_reverses_id_payments_id_fk" FOREIGN KEY ("reverses_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_center_id_centers_id_fk" FOREIGN KEY ("center_id") REFERENCES "public"."centers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remittances" ADD CONSTRAINT "remittances_center_id_centers_id_fk" FOREIGN KEY ("center_id") REFERENCES "public"."centers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remittances" ADD CONSTRAINT "remittances_transfer_id_transfers_id_fk" FOREIGN KEY ("transfer_id") REFERENCES "public"."transfers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remittances" ADD CONSTRAINT "remittances_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "revenue_targets" ADD CONSTRAINT "revenue_targets_center_id_centers_id_fk" FOREIGN KEY ("center_id") REFERENCES "public"."centers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "budget_entries_project_idx" ON "budget_entries" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "fund_arrivals_project_idx" ON "fund_arrivals" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "payment_steps_payment_idx" ON "payment_steps" USING btree ("payment_id");--> statement-breakpoint
CREATE INDEX "payments_project_idx" ON "payments" USING btree ("project_id","status");--> statement-breakpoint
CREATE INDEX "payments_transfer_idx" ON "payments" USING btree ("transfer_id");--> statement-breakpoint
CREATE INDEX "payments_agency_idx" ON "payments" USING btree ("agency_id");--> statement-breakpoint
CREATE INDEX "remittances_center_date_idx" ON "remittances" USING btree ("center_id","remitted_on");--> statement-breakpoint
CREATE INDEX "remittances_transfer_idx" ON "remittances" USING btree ("transfer_id");