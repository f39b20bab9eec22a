using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CivicTrack.Data.Migrations.Sqlite
{
    /// <summary>A log of the writes to the data values, each with a version that grows with every write (no model change:
    /// see <see cref="ValueVersionSql"/>).</summary>
    public partial class ValueVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var sql in ValueVersionSql.SqliteUp()) migrationBuilder.Sql(sql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var sql in ValueVersionSql.SqliteDown()) migrationBuilder.Sql(sql);
        }
    }
}
