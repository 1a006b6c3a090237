using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OfficeCoordinator.Api.Data.Migrations.Sqlite
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
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Communications",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ProjectId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    OccurredAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Direction = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: false),
                    Participants = table.Column<string>(type: "TEXT", nullable: false),
                    LinkedTasks = table.Column<string>(type: "TEXT", nullable: false),
                    SourceEmailId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    DecisionText = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 320, nullable: true),
                    Rationale = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: true),
                    DecisionStatus = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    ReviewOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    LoggedByEmail = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    LoggedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
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
                    Id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ProjectId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Statement = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Impact = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: true),
                    CommunicatedTo = table.Column<string>(type: "TEXT", nullable: false),
                    ProposedSolution = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: true),
                    Owner = table.Column<string>(type: "TEXT", maxLength: 320, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    LinkedTasks = table.Column<string>(type: "TEXT", nullable: false),
                    SourceEmailId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    RaisedByEmail = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    RaisedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RaisedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ResolvedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ProjectId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RecordId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: true),
                    Title = table.Column<string>(type: "TEXT", nullable: false),
                    Body = table.Column<string>(type: "TEXT", nullable: true)
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

            // Full-text search: an FTS5 index over SearchDocuments, kept in step by triggers inside each write's transaction.
            // A later migration that rebuilds SearchDocuments (SQLite table rebuild) must create these triggers again.
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "SearchIndex" USING fts5("Title", "Body", content='SearchDocuments', content_rowid='Id',
                    tokenize='unicode61 remove_diacritics 2');
                CREATE TRIGGER "SearchDocuments_Inserted" AFTER INSERT ON "SearchDocuments" BEGIN
                    INSERT INTO "SearchIndex"(rowid, "Title", "Body") VALUES (new."Id", new."Title", new."Body");
                END;
                CREATE TRIGGER "SearchDocuments_Deleted" AFTER DELETE ON "SearchDocuments" BEGIN
                    INSERT INTO "SearchIndex"("SearchIndex", rowid, "Title", "Body") VALUES ('delete', old."Id", old."Title", old."Body");
                END;
                CREATE TRIGGER "SearchDocuments_Updated" AFTER UPDATE ON "SearchDocuments" BEGIN
                    INSERT INTO "SearchIndex"("SearchIndex", rowid, "Title", "Body") VALUES ('delete', old."Id", old."Title", old."Body");
                    INSERT INTO "SearchIndex"(rowid, "Title", "Body") VALUES (new."Id", new."Title", new."Body");
                END;
                """);

            // Records made before search existed get their documents.
            migrationBuilder.Sql("""
                INSERT INTO "SearchDocuments" ("TenantId", "ProjectId", "Kind", "RecordId", "Number", "Title", "Body")
                SELECT "TenantId", "ProjectId", 'task', "Id", "Number", "Title", "Description" FROM "Tasks";
                INSERT INTO "SearchDocuments" ("TenantId", "ProjectId", "Kind", "RecordId", "Number", "Title", "Body")
                SELECT "TenantId", "ProjectId", 'stakeholder', "Id", NULL, "Name",
                    coalesce("Email", '') || char(10) || coalesce("Organization", '') || char(10) || coalesce("Title", '') || char(10) || coalesce("Notes", '')
                FROM "Stakeholders";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS "SearchDocuments_Updated";
                DROP TRIGGER IF EXISTS "SearchDocuments_Deleted";
                DROP TRIGGER IF EXISTS "SearchDocuments_Inserted";
                DROP TABLE IF EXISTS "SearchIndex";
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
