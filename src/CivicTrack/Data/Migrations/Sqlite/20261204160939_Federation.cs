using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CivicTrack.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Federation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "federation_acknowledged",
                columns: table => new
                {
                    DataElementId = table.Column<int>(type: "INTEGER", nullable: false),
                    OrgUnitId = table.Column<int>(type: "INTEGER", nullable: false),
                    Period = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Value = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_federation_acknowledged", x => new { x.DataElementId, x.OrgUnitId, x.Period });
                });

            migrationBuilder.CreateTable(
                name: "federation_incoming",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProvinceId = table.Column<int>(type: "INTEGER", nullable: false),
                    ReceivedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SentAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Units = table.Column<int>(type: "INTEGER", nullable: false),
                    Added = table.Column<int>(type: "INTEGER", nullable: false),
                    Updated = table.Column<int>(type: "INTEGER", nullable: false),
                    Deleted = table.Column<int>(type: "INTEGER", nullable: false),
                    Unchanged = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_federation_incoming", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "federation_outgoing",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    SentAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Units = table.Column<int>(type: "INTEGER", nullable: false),
                    Values = table.Column<int>(type: "INTEGER", nullable: false),
                    UnitsDigest = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ContentDigest = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Body = table.Column<string>(type: "TEXT", nullable: false),
                    Result = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_federation_outgoing", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "federation_totals",
                columns: table => new
                {
                    ProvinceId = table.Column<int>(type: "INTEGER", nullable: false),
                    DataElementId = table.Column<int>(type: "INTEGER", nullable: false),
                    Period = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Value = table.Column<double>(type: "REAL", nullable: true),
                    BatchId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReceivedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_federation_totals", x => new { x.ProvinceId, x.DataElementId, x.Period });
                });

            migrationBuilder.CreateIndex(
                name: "IX_federation_incoming_ProvinceId_ReceivedAt",
                table: "federation_incoming",
                columns: new[] { "ProvinceId", "ReceivedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_federation_outgoing_State_CreatedAt",
                table: "federation_outgoing",
                columns: new[] { "State", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "federation_acknowledged");

            migrationBuilder.DropTable(
                name: "federation_incoming");

            migrationBuilder.DropTable(
                name: "federation_outgoing");

            migrationBuilder.DropTable(
                name: "federation_totals");
        }
    }
}
