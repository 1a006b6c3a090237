using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OfficeCoordinator.Api.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ReportMessages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Delivery",
                table: "Communications",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ReportNumber",
                table: "Communications",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ReportMessages",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ProjectId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ReportNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    Audience = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    External = table.Column<bool>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    GraphMessageId = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SentAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SentByEmail = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    SentByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CommunicationId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportMessages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReportMessages_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ReportMessages_ProjectId_ReportNumber_Audience_External",
                table: "ReportMessages",
                columns: new[] { "ProjectId", "ReportNumber", "Audience", "External" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ReportMessages");

            migrationBuilder.DropColumn(
                name: "Delivery",
                table: "Communications");

            migrationBuilder.DropColumn(
                name: "ReportNumber",
                table: "Communications");
        }
    }
}
