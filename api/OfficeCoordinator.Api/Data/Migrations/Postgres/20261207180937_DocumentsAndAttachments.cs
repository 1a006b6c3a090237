using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OfficeCoordinator.Api.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DocumentsAndAttachments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DocumentsDriveId",
                table: "Projects",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DocumentsFolderPath",
                table: "Projects",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DocumentsKind",
                table: "Projects",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DocumentsWebUrl",
                table: "Projects",
                type: "character varying(2048)",
                maxLength: 2048,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SharedPlanETag",
                table: "Projects",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "SharedPlanPublishedAt",
                table: "Projects",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SharedPlanPublishedBy",
                table: "Projects",
                type: "character varying(320)",
                maxLength: 320,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SharedPlanWebUrl",
                table: "Projects",
                type: "character varying(2048)",
                maxLength: 2048,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "TaskDocuments",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    TenantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ProjectId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    TaskId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    SourceKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "character varying(140)", maxLength: 140, nullable: false),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    ContentType = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    WebUrl = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    AddedBy = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    AddedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TaskDocuments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TaskDocuments_Tasks_TaskId",
                        column: x => x.TaskId,
                        principalTable: "Tasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_TaskDocuments_ProjectId",
                table: "TaskDocuments",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_TaskDocuments_TaskId_SourceKey",
                table: "TaskDocuments",
                columns: new[] { "TaskId", "SourceKey" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "TaskDocuments");

            migrationBuilder.DropColumn(
                name: "DocumentsDriveId",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "DocumentsFolderPath",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "DocumentsKind",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "DocumentsWebUrl",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "SharedPlanETag",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "SharedPlanPublishedAt",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "SharedPlanPublishedBy",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "SharedPlanWebUrl",
                table: "Projects");
        }
    }
}
