using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CivicTrack.Data.Migrations.Postgres
{
    /// <summary>The record of committed changes that keeps several instances on one database coherent (no model change:
    /// the table is read and written with SQL only, and exists on PostgreSQL only).</summary>
    public partial class InstanceChanges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var sql in InstanceChangeSql.Up()) migrationBuilder.Sql(sql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var sql in InstanceChangeSql.Down()) migrationBuilder.Sql(sql);
        }
    }
}
