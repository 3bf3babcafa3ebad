CREATE TABLE "agencies" (
	"id" serial PRIMARY KEY NOT NULL,
	"credit_code" text NOT NULL,
	"name" text NOT NULL,
	"contact_person" text,
	"contact_phone" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agencies_credit_code_unique" UNIQUE("credit_code"),
	CONSTRAINT "agencies_credit_code_format" CHECK ("agencies"."credit_code" ~ '^[0-9A-HJ-NPQRTUWXY]{18}$')
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"user_id" integer,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text NOT NULL,
	"center_id" integer,
	"before" jsonb,
	"after" jsonb,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "centers" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"parent_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "centers_code_unique" UNIQUE("code"),
	CONSTRAINT "centers_level_check" CHECK ("centers"."level" in ('省','市','县')),
	CONSTRAINT "centers_not_own_parent" CHECK ("centers"."parent_id" is distinct from "centers"."id")
);
--> statement-breakpoint
CREATE TABLE "import_uploads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" integer NOT NULL,
	"filename" text NOT NULL,
	"files" jsonb NOT NULL,
	"status" text DEFAULT 'preview' NOT NULL,
	"summary" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"applied_at" timestamp with time zone,
	CONSTRAINT "import_uploads_id_user" UNIQUE("id","user_id")
);
--> statement-breakpoint
CREATE TABLE "login_failures" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"ip" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"center_id" integer,
	"year" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" serial PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"center_id" integer NOT NULL,
	"agency_id" integer,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_username_unique" UNIQUE("username"),
	CONSTRAINT "users_role_check" CHECK ("users"."role" in ('admin','staff','finance','leader','agency')),
	CONSTRAINT "users_agency_role" CHECK (("users"."role" = 'agency') = ("users"."agency_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "announcement_parcels" (
	"announcement_id" integer NOT NULL,
	"parcel_id" integer NOT NULL,
	CONSTRAINT "announcement_parcels_announcement_id_parcel_id_pk" PRIMARY KEY("announcement_id","parcel_id")
);
--> statement-breakpoint
CREATE TABLE "announcements" (
	"id" serial PRIMARY KEY NOT NULL,
	"center_id" integer NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"medium" text,
	"published_on" date NOT NULL,
	"cost" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "announcements_center_code" UNIQUE("center_id","code"),
	CONSTRAINT "announcements_cost_check" CHECK ("announcements"."cost" >= 0)
);
--> statement-breakpoint
CREATE TABLE "parcels" (
	"id" serial PRIMARY KEY NOT NULL,
	"center_id" integer NOT NULL,
	"code" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"location" text,
	"district" text,
	"land_use" text,
	"area" numeric(18, 4),
	"plot_ratio" numeric(8, 2),
	"term_years" integer,
	"mineral" text,
	"resources" text,
	"valid_until" date,
	"starting_price" bigint NOT NULL,
	"deposit" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "parcels_center_code" UNIQUE("center_id","code"),
	CONSTRAINT "parcels_kind_check" CHECK ("parcels"."kind" in ('土地','探矿权','采矿权')),
	CONSTRAINT "parcels_money_check" CHECK ("parcels"."starting_price" >= 0 and coalesce("parcels"."deposit", 0) >= 0)
);
--> statement-breakpoint
CREATE TABLE "transfers" (
	"id" serial PRIMARY KEY NOT NULL,
	"center_id" integer NOT NULL,
	"parcel_id" integer NOT NULL,
	"round" integer NOT NULL,
	"mode" text NOT NULL,
	"agency_id" integer,
	"announcement_id" integer,
	"notice_start" date,
	"notice_end" date,
	"registration_deadline" date,
	"auction_date" date,
	"result" text DEFAULT '进行中' NOT NULL,
	"deal_price" bigint,
	"winner" text,
	"deal_date" date,
	"confirmation_no" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "transfers_parcel_round" UNIQUE("parcel_id","round"),
	CONSTRAINT "transfers_round_check" CHECK ("transfers"."round" >= 1),
	CONSTRAINT "transfers_result_check" CHECK ("transfers"."result" in ('进行中','成交','流拍','终止')),
	CONSTRAINT "transfers_mode_check" CHECK ("transfers"."mode" in ('拍卖','挂牌','招标','协议')),
	CONSTRAINT "transfers_deal_complete" CHECK ("transfers"."result" <> '成交' or ("transfers"."deal_price" is not null and "transfers"."winner" is not null and "transfers"."deal_date" is not null and "transfers"."confirmation_no" is not null)),
	CONSTRAINT "transfers_deal_price_check" CHECK (coalesce("transfers"."deal_price", 0) >= 0)
);
--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_center_id_centers_id_fk" FOREIGN KEY ("center_id") REFERENCES "public"."centers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "centers" ADD CONSTRAINT "centers_parent_id_centers_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."centers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_uploads" ADD CONSTRAINT "import_uploads_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_center_id_centers_id_fk" FOREIGN KEY ("center_id") REFERENCES "public"."centers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_center_id_centers_id_fk" FOREIGN KEY ("center_id") REFERENCES "public"."centers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "announcement_parcels" ADD CONSTRAINT "announcement_parcels_announcement_id_announcements_id_fk" FOREIGN KEY ("announcement_id") REFERENCES "public"."announcements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "announcement_parcels" ADD CONSTRAINT "announcement_parcels_parcel_id_parcels_id_fk" FOREIGN KEY ("parcel_id") REFERENCES "public"."parcels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "announcements" ADD CONSTRAINT "announcements_center_id_centers_id_fk" FOREIGN KEY ("center_id") REFERENCES "public"."centers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parcels" ADD CONSTRAINT "parcels_center_id_centers_id_fk" FOREIGN KEY ("center_id") REFERENCES "public"."centers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_center_id_centers_id_fk" FOREIGN KEY ("center_id") REFERENCES "public"."centers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_parcel_id_parcels_id_fk" FOREIGN KEY ("parcel_id") REFERENCES "public"."parcels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_announcement_id_announcements_id_fk" FOREIGN KEY ("announcement_id") REFERENCES "public"."announcements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_entity_idx" ON "audit_events" USING btree ("entity","entity_id");--> statement-breakpoint
CREATE INDEX "audit_at_idx" ON "audit_events" USING btree ("at");--> statement-breakpoint
CREATE INDEX "login_failures_username_idx" ON "login_failures" USING btree ("username","at");--> statement-breakpoint
CREATE INDEX "login_failures_ip_idx" ON "login_failures" USING btree ("ip","at");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "announcement_parcels_parcel_idx" ON "announcement_parcels" USING btree ("parcel_id");--> statement-breakpoint
CREATE INDEX "parcels_district_idx" ON "parcels" USING btree ("center_id","district");--> statement-breakpoint
CREATE INDEX "transfers_center_idx" ON "transfers" USING btree ("center_id","result");--> statement-breakpoint
CREATE INDEX "transfers_agency_idx" ON "transfers" USING btree ("agency_id");