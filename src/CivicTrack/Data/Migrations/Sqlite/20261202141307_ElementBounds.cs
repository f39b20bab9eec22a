using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CivicTrack.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ElementBounds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "MaxValue",
                table: "data_elements",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "MinValue",
                table: "data_elements",
                type: "REAL",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "MaxValue",
                table: "data_elements");

            migrationBuilder.DropColumn(
                name: "MinValue",
                table: "data_elements");
        }
    }
}
