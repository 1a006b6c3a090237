using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OfficeCoordinator.Api.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class StatusReports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "StatusReports",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    TenantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ProjectId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    AsOf = table.Column<DateOnly>(type: "date", nullable: false),
                    Since = table.Column<DateOnly>(type: "date", nullable: false),
                    Status = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    ComputedStatus = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    OverrideNote = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    OverrideBy = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    IncludeMoneyForExternal = table.Column<bool>(type: "boolean", nullable: false),
                    Supersedes = table.Column<int>(type: "integer", nullable: true),
                    SupersededBy = table.Column<int>(type: "integer", nullable: true),
                    ModelJson = table.Column<string>(type: "text", nullable: false),
                    RenderingsJson = table.Column<string>(type: "text", nullable: false),
                    PublishedByEmail = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    PublishedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    PublishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StatusReports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StatusReports_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_StatusReports_ProjectId_Number",
                table: "StatusReports",
                columns: new[] { "ProjectId", "Number" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "StatusReports");
        }
    }
}
