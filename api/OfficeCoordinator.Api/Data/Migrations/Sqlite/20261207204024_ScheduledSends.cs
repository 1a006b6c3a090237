using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OfficeCoordinator.Api.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ScheduledSends : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SenderEmail",
                table: "ReportSchedules",
                type: "TEXT",
                maxLength: 320,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SenderName",
                table: "ReportSchedules",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SenderObjectId",
                table: "ReportSchedules",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Mailbox",
                table: "ReportMessages",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReportMessages_State_Mailbox",
                table: "ReportMessages",
                columns: new[] { "State", "Mailbox" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ReportMessages_State_Mailbox",
                table: "ReportMessages");

            migrationBuilder.DropColumn(
                name: "SenderEmail",
                table: "ReportSchedules");

            migrationBuilder.DropColumn(
                name: "SenderName",
                table: "ReportSchedules");

            migrationBuilder.DropColumn(
                name: "SenderObjectId",
                table: "ReportSchedules");

            migrationBuilder.DropColumn(
                name: "Mailbox",
                table: "ReportMessages");
        }
    }
}
