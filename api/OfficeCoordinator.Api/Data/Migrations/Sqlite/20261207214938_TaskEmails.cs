using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OfficeCoordinator.Api.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TaskEmails : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "TaskEmails",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ProjectId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    TaskId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    EmailId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    AddedBy = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    AddedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TaskEmails", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TaskEmails_Emails_EmailId",
                        column: x => x.EmailId,
                        principalTable: "Emails",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_TaskEmails_Tasks_TaskId",
                        column: x => x.TaskId,
                        principalTable: "Tasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_TaskEmails_EmailId",
                table: "TaskEmails",
                column: "EmailId");

            migrationBuilder.CreateIndex(
                name: "IX_TaskEmails_ProjectId",
                table: "TaskEmails",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_TaskEmails_TaskId_EmailId",
                table: "TaskEmails",
                columns: new[] { "TaskId", "EmailId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "TaskEmails");
        }
    }
}
