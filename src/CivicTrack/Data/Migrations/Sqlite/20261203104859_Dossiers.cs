using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CivicTrack.Data.Migrations.Sqlite
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Source = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 260, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    By = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Rows = table.Column<long>(type: "INTEGER", nullable: false),
                    Added = table.Column<long>(type: "INTEGER", nullable: false),
                    Updated = table.Column<long>(type: "INTEGER", nullable: false),
                    Unchanged = table.Column<long>(type: "INTEGER", nullable: false),
                    Refused = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dossier_imports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "dossier_pending_months",
                columns: table => new
                {
                    OrgUnitId = table.Column<int>(type: "INTEGER", nullable: false),
                    Month = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dossier_pending_months", x => new { x.OrgUnitId, x.Month });
                });

            migrationBuilder.CreateTable(
                name: "dossiers",
                columns: table => new
                {
                    Code = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ProcedureCode = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ProcedureName = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Sector = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    ServiceLevel = table.Column<byte>(type: "INTEGER", nullable: true),
                    Channel = table.Column<byte>(type: "INTEGER", nullable: false),
                    ReceivingUnitCode = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    HandlingUnitId = table.Column<int>(type: "INTEGER", nullable: false),
                    ReceivedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    FinishedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ReturnedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Status = table.Column<byte>(type: "INTEGER", nullable: false),
                    Digitized = table.Column<bool>(type: "INTEGER", nullable: false),
                    PaidOnline = table.Column<bool>(type: "INTEGER", nullable: false),
                    VneidVerified = table.Column<bool>(type: "INTEGER", nullable: false),
                    ImportId = table.Column<long>(type: "INTEGER", nullable: false)
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ImportId = table.Column<long>(type: "INTEGER", nullable: false),
                    Line = table.Column<long>(type: "INTEGER", nullable: false),
                    Column = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false)
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
