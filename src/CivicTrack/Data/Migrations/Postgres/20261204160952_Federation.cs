using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CivicTrack.Data.Migrations.Postgres
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
                    DataElementId = table.Column<int>(type: "integer", nullable: false),
                    OrgUnitId = table.Column<int>(type: "integer", nullable: false),
                    Period = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Value = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_federation_acknowledged", x => new { x.DataElementId, x.OrgUnitId, x.Period });
                });

            migrationBuilder.CreateTable(
                name: "federation_incoming",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ProvinceId = table.Column<int>(type: "integer", nullable: false),
                    ReceivedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    SentAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Units = table.Column<int>(type: "integer", nullable: false),
                    Added = table.Column<int>(type: "integer", nullable: false),
                    Updated = table.Column<int>(type: "integer", nullable: false),
                    Deleted = table.Column<int>(type: "integer", nullable: false),
                    Unchanged = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_federation_incoming", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "federation_outgoing",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    State = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    SentAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Units = table.Column<int>(type: "integer", nullable: false),
                    Values = table.Column<int>(type: "integer", nullable: false),
                    UnitsDigest = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ContentDigest = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Body = table.Column<string>(type: "text", nullable: false),
                    Result = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_federation_outgoing", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "federation_totals",
                columns: table => new
                {
                    ProvinceId = table.Column<int>(type: "integer", nullable: false),
                    DataElementId = table.Column<int>(type: "integer", nullable: false),
                    Period = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Value = table.Column<double>(type: "double precision", nullable: true),
                    BatchId = table.Column<Guid>(type: "uuid", nullable: false),
                    ReceivedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
