CREATE TABLE "survey_answers" (
	"id" serial PRIMARY KEY NOT NULL,
	"response_id" integer NOT NULL,
	"question_id" integer NOT NULL,
	"rating" integer,
	"text" text,
	CONSTRAINT "survey_answers_response_question" UNIQUE("response_id","question_id"),
	CONSTRAINT "survey_answers_one_kind" CHECK (("survey_answers"."rating" is null) <> ("survey_answers"."text" is null))
);
--> statement-breakpoint
CREATE TABLE "survey_questions" (
	"id" serial PRIMARY KEY NOT NULL,
	"survey_id" integer NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"text" text NOT NULL,
	"kind" text NOT NULL,
	"scale" integer,
	CONSTRAINT "survey_questions_kind_check" CHECK ("survey_questions"."kind" in ('评分','文字')),
	CONSTRAINT "survey_questions_scale_check" CHECK (("survey_questions"."kind" = '评分') = ("survey_questions"."scale" is not null) and coalesce("survey_questions"."scale", 5) between 2 and 10)
);
--> statement-breakpoint
CREATE TABLE "surveys" (
	"id" serial PRIMARY KEY NOT NULL,
	"center_id" integer NOT NULL,
	"year" integer NOT NULL,
	"title" text NOT NULL,
	"intro" text,
	"status" text DEFAULT '草稿' NOT NULL,
	"opened_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "surveys_center_year" UNIQUE("center_id","year"),
	CONSTRAINT "surveys_status_check" CHECK ("surveys"."status" in ('草稿','进行中','已结束')),
	CONSTRAINT "surveys_year_check" CHECK ("surveys"."year" between 1990 and 2200)
);
--> statement-breakpoint
ALTER TABLE "satisfaction_responses" ADD COLUMN "survey_id" integer;--> statement-breakpoint
ALTER TABLE "satisfaction_responses" ADD COLUMN "answered_by" integer;--> statement-breakpoint
ALTER TABLE "survey_answers" ADD CONSTRAINT "survey_answers_response_id_satisfaction_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."satisfaction_responses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_answers" ADD CONSTRAINT "survey_answers_question_id_survey_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."survey_questions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_questions" ADD CONSTRAINT "survey_questions_survey_id_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."surveys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_center_id_centers_id_fk" FOREIGN KEY ("center_id") REFERENCES "public"."centers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "survey_questions_survey_idx" ON "survey_questions" USING btree ("survey_id","position");--> statement-breakpoint
ALTER TABLE "satisfaction_responses" ADD CONSTRAINT "satisfaction_responses_survey_id_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."surveys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "satisfaction_responses" ADD CONSTRAINT "satisfaction_responses_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;