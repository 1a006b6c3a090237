using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OfficeCoordinator.Api.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SearchRecentWindow : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Search ranks a project's newest records first (SearchQueries): this index finds them newest first without
            // the GIN index. Only in SQL, like the tsvector column: the model keeps its (ProjectId) index for SQLite, where
            // every index already ends with the rowid.
            migrationBuilder.Sql("""
                CREATE INDEX "IX_SearchDocuments_ProjectId_Id" ON "SearchDocuments" ("ProjectId", "Id");
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP INDEX IF EXISTS "IX_SearchDocuments_ProjectId_Id";
                """);
        }
    }
}
