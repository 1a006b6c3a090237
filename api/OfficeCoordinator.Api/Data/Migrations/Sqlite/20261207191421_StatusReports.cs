using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OfficeCoordinator.Api.Data.Migrations.Sqlite
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
                    Id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ProjectId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    AsOf = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Since = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    ComputedStatus = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    OverrideNote = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    OverrideBy = table.Column<string>(type: "TEXT", maxLength: 320, nullable: true),
                    IncludeMoneyForExternal = table.Column<bool>(type: "INTEGER", nullable: false),
                    Supersedes = table.Column<int>(type: "INTEGER", nullable: true),
                    SupersededBy = table.Column<int>(type: "INTEGER", nullable: true),
                    ModelJson = table.Column<string>(type: "TEXT", nullable: false),
                    RenderingsJson = table.Column<string>(type: "TEXT", nullable: false),
                    PublishedByEmail = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    PublishedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    PublishedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
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
