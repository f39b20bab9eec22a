using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CivicTrack.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Dossiers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "dossier_imports",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    FileName = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: false),
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    By = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Rows = table.Column<long>(type: "bigint", nullable: false),
                    Added = table.Column<long>(type: "bigint", nullable: false),
                    Updated = table.Column<long>(type: "bigint", nullable: false),
                    Unchanged = table.Column<long>(type: "bigint", nullable: false),
                    Refused = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dossier_imports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "dossier_pending_months",
                columns: table => new
                {
                    OrgUnitId = table.Column<int>(type: "integer", nullable: false),
                    Month = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dossier_pending_months", x => new { x.OrgUnitId, x.Month });
                });

            migrationBuilder.CreateTable(
                name: "dossiers",
                columns: table => new
                {
                    Code = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ProcedureCode = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ProcedureName = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Sector = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    ServiceLevel = table.Column<byte>(type: "smallint", nullable: true),
                    Channel = table.Column<byte>(type: "smallint", nullable: false),
                    ReceivingUnitCode = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    HandlingUnitId = table.Column<int>(type: "integer", nullable: false),
                    ReceivedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: true),
                    FinishedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ReturnedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Status = table.Column<byte>(type: "smallint", nullable: false),
                    Digitized = table.Column<bool>(type: "boolean", nullable: false),
                    PaidOnline = table.Column<bool>(type: "boolean", nullable: false),
                    VneidVerified = table.Column<bool>(type: "boolean", nullable: false),
                    ImportId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dossiers", x => x.Code);
                    table.ForeignKey(
                        name: "FK_dossiers_org_units_HandlingUnitId",
                        column: x => x.HandlingUnitId,
                        principalTable: "org_units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "dossier_import_problems",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ImportId = table.Column<long>(type: "bigint", nullable: false),
                    Line = table.Column<long>(type: "bigint", nullable: false),
                    Column = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Value = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dossier_import_problems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_dossier_import_problems_dossier_imports_ImportId",
                        column: x => x.ImportId,
                        principalTable: "dossier_imports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_dossier_import_problems_ImportId_Line",
                table: "dossier_import_problems",
                columns: new[] { "ImportId", "Line" });

            migrationBuilder.CreateIndex(
                name: "IX_dossier_imports_StartedAt",
                table: "dossier_imports",
                column: "StartedAt");

            migrationBuilder.CreateIndex(
                name: "IX_dossiers_HandlingUnitId_FinishedOn",
                table: "dossiers",
                columns: new[] { "HandlingUnitId", "FinishedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_dossiers_HandlingUnitId_ReceivedOn",
                table: "dossiers",
                columns: new[] { "HandlingUnitId", "ReceivedOn" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "dossier_import_problems");

            migrationBuilder.DropTable(
                name: "dossier_pending_months");

            migrationBuilder.DropTable(
                name: "dossiers");

            migrationBuilder.DropTable(
                name: "dossier_imports");
        }
    }
}
