using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OfficeCoordinator.Api.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CommunicationsObstaclesSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "StatusBeforeBlocked",
                table: "Tasks",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Communications",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    TenantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ProjectId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    OccurredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Direction = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Summary = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: false),
                    Participants = table.Column<List<string>>(type: "text[]", nullable: false),
                    LinkedTasks = table.Column<List<int>>(type: "integer[]", nullable: false),
                    SourceEmailId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    DecisionText = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: true),
                    DecidedBy = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    Rationale = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: true),
                    DecisionStatus = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    ReviewOn = table.Column<DateOnly>(type: "date", nullable: true),
                    LoggedByEmail = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    LoggedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Communications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Communications_Emails_SourceEmailId",
                        column: x => x.SourceEmailId,
                        principalTable: "Emails",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Communications_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Obstacles",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    TenantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ProjectId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Statement = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Impact = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: true),
                    CommunicatedTo = table.Column<List<string>>(type: "text[]", nullable: false),
                    ProposedSolution = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: true),
                    Owner = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    LinkedTasks = table.Column<List<int>>(type: "integer[]", nullable: false),
                    SourceEmailId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    RaisedByEmail = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    RaisedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RaisedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ResolvedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Obstacles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Obstacles_Emails_SourceEmailId",
                        column: x => x.SourceEmailId,
                        principalTable: "Emails",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Obstacles_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SearchDocuments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TenantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ProjectId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RecordId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: true),
                    Title = table.Column<string>(type: "text", nullable: false),
                    Body = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SearchDocuments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SearchDocuments_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Communications_ProjectId_Kind",
                table: "Communications",
                columns: new[] { "ProjectId", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_Communications_ProjectId_OccurredAt",
                table: "Communications",
                columns: new[] { "ProjectId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Communications_SourceEmailId",
                table: "Communications",
                column: "SourceEmailId");

            migrationBuilder.CreateIndex(
                name: "IX_Obstacles_ProjectId_Status",
                table: "Obstacles",
                columns: new[] { "ProjectId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Obstacles_SourceEmailId",
                table: "Obstacles",
                column: "SourceEmailId");

            migrationBuilder.CreateIndex(
                name: "IX_SearchDocuments_ProjectId",
                table: "SearchDocuments",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_SearchDocuments_RecordId",
                table: "SearchDocuments",
                column: "RecordId",
                unique: true);

            // Full-text search: a generated tsvector (title weighted above body) with a GIN index.
            migrationBuilder.Sql("""
                ALTER TABLE "SearchDocuments" ADD COLUMN "Vector" tsvector GENERATED ALWAYS AS (
                    setweight(to_tsvector('simple', coalesce("Title", '')), 'A') ||
                    setweight(to_tsvector('simple', coalesce("Body", '')), 'B')) STORED;
                CREATE INDEX "IX_SearchDocuments_Vector" ON "SearchDocuments" USING GIN ("Vector");
                """);

            // Records made before search existed get their documents.
            migrationBuilder.Sql("""
                INSERT INTO "SearchDocuments" ("TenantId", "ProjectId", "Kind", "RecordId", "Number", "Title", "Body")
                SELECT "TenantId", "ProjectId", 'task', "Id", "Number", "Title", "Description" FROM "Tasks";
                INSERT INTO "SearchDocuments" ("TenantId", "ProjectId", "Kind", "RecordId", "Number", "Title", "Body")
                SELECT "TenantId", "ProjectId", 'stakeholder', "Id", NULL, "Name",
                    coalesce("Email", '') || chr(10) || coalesce("Organization", '') || chr(10) || coalesce("Title", '') || chr(10) || coalesce("Notes", '')
                FROM "Stakeholders";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP INDEX IF EXISTS "IX_SearchDocuments_Vector";
                ALTER TABLE "SearchDocuments" DROP COLUMN IF EXISTS "Vector";
                """);

            migrationBuilder.DropTable(
                name: "Communications");

            migrationBuilder.DropTable(
                name: "Obstacles");

            migrationBuilder.DropTable(
                name: "SearchDocuments");

            migrationBuilder.DropColumn(
                name: "StatusBeforeBlocked",
                table: "Tasks");
        }
    }
}
