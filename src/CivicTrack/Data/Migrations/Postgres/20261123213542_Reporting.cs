using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CivicTrack.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Reporting : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Args",
                table: "notifications",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "EmailAttempts",
                table: "notifications",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "EmailError",
                table: "notifications",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "EmailSentAt",
                table: "notifications",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EmailState",
                table: "notifications",
                type: "character varying(10)",
                maxLength: 10,
                nullable: false,
                defaultValue: "None");

            migrationBuilder.AddColumn<string>(
                name: "EmailTo",
                table: "notifications",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Key",
                table: "notifications",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Template",
                table: "notifications",
                type: "character varying(60)",
                maxLength: 60,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "report_forms",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Code = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    NameEn = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    PeriodType = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    OnlyPeriod = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    FirstPeriod = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    LastPeriod = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    DueKind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    DueDays = table.Column<int>(type: "integer", nullable: false),
                    LockAfterDays = table.Column<int>(type: "integer", nullable: true),
                    ApprovalLevels = table.Column<int>(type: "integer", nullable: false),
                    ReceivingUnitId = table.Column<int>(type: "integer", nullable: true),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_report_forms", x => x.Id);
                    table.ForeignKey(
                        name: "FK_report_forms_org_units_ReceivingUnitId",
                        column: x => x.ReceivingUnitId,
                        principalTable: "org_units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "report_assignments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FormId = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    GroupId = table.Column<int>(type: "integer", nullable: true),
                    UnitId = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_report_assignments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_report_assignments_org_groups_GroupId",
                        column: x => x.GroupId,
                        principalTable: "org_groups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_report_assignments_org_units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "org_units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_report_assignments_report_forms_FormId",
                        column: x => x.FormId,
                        principalTable: "report_forms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "report_rules",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FormId = table.Column<int>(type: "integer", nullable: false),
                    Expression = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Message = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    MessageEn = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_report_rules", x => x.Id);
                    table.ForeignKey(
                        name: "FK_report_rules_report_forms_FormId",
                        column: x => x.FormId,
                        principalTable: "report_forms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "report_sections",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FormId = table.Column<int>(type: "integer", nullable: false),
                    Order = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    TitleEn = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_report_sections", x => x.Id);
                    table.ForeignKey(
                        name: "FK_report_sections_report_forms_FormId",
                        column: x => x.FormId,
                        principalTable: "report_forms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "submissions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FormId = table.Column<int>(type: "integer", nullable: false),
                    OrgUnitId = table.Column<int>(type: "integer", nullable: false),
                    Period = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ApprovedLevels = table.Column<int>(type: "integer", nullable: false),
                    Comment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ReturnReason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    FirstSubmittedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    SubmittedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    SubmittedById = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    SubmittedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ApprovedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_submissions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_submissions_org_units_OrgUnitId",
                        column: x => x.OrgUnitId,
                        principalTable: "org_units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_submissions_report_forms_FormId",
                        column: x => x.FormId,
                        principalTable: "report_forms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "report_fields",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SectionId = table.Column<int>(type: "integer", nullable: false),
                    Order = table.Column<int>(type: "integer", nullable: false),
                    DataElementId = table.Column<int>(type: "integer", nullable: false),
                    Required = table.Column<bool>(type: "boolean", nullable: false),
                    Min = table.Column<double>(type: "double precision", nullable: true),
                    Max = table.Column<double>(type: "double precision", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_report_fields", x => x.Id);
                    table.ForeignKey(
                        name: "FK_report_fields_data_elements_DataElementId",
                        column: x => x.DataElementId,
                        principalTable: "data_elements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_report_fields_report_sections_SectionId",
                        column: x => x.SectionId,
                        principalTable: "report_sections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "submission_events",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SubmissionId = table.Column<long>(type: "bigint", nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Action = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Level = table.Column<int>(type: "integer", nullable: false),
                    ByUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    ByName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ByUnitId = table.Column<int>(type: "integer", nullable: true),
                    Note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_submission_events", x => x.Id);
                    table.ForeignKey(
                        name: "FK_submission_events_submissions_SubmissionId",
                        column: x => x.SubmissionId,
                        principalTable: "submissions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_notifications_EmailState_Id",
                table: "notifications",
                columns: new[] { "EmailState", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_notifications_Key",
                table: "notifications",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_report_assignments_FormId",
                table: "report_assignments",
                column: "FormId");

            migrationBuilder.CreateIndex(
                name: "IX_report_assignments_GroupId",
                table: "report_assignments",
                column: "GroupId");

            migrationBuilder.CreateIndex(
                name: "IX_report_assignments_UnitId",
                table: "report_assignments",
                column: "UnitId");

            migrationBuilder.CreateIndex(
                name: "IX_report_fields_DataElementId",
                table: "report_fields",
                column: "DataElementId");

            migrationBuilder.CreateIndex(
                name: "IX_report_fields_SectionId",
                table: "report_fields",
                column: "SectionId");

            migrationBuilder.CreateIndex(
                name: "IX_report_forms_Code",
                table: "report_forms",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_report_forms_ReceivingUnitId",
                table: "report_forms",
                column: "ReceivingUnitId");

            migrationBuilder.CreateIndex(
                name: "IX_report_rules_FormId",
                table: "report_rules",
                column: "FormId");

            migrationBuilder.CreateIndex(
                name: "IX_report_sections_FormId",
                table: "report_sections",
                column: "FormId");

            migrationBuilder.CreateIndex(
                name: "IX_submission_events_SubmissionId",
                table: "submission_events",
                column: "SubmissionId");

            migrationBuilder.CreateIndex(
                name: "IX_submissions_FormId_OrgUnitId_Period",
                table: "submissions",
                columns: new[] { "FormId", "OrgUnitId", "Period" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_submissions_FormId_Period",
                table: "submissions",
                columns: new[] { "FormId", "Period" });

            migrationBuilder.CreateIndex(
                name: "IX_submissions_OrgUnitId",
                table: "submissions",
                column: "OrgUnitId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "report_assignments");

            migrationBuilder.DropTable(
                name: "report_fields");

            migrationBuilder.DropTable(
                name: "report_rules");

            migrationBuilder.DropTable(
                name: "submission_events");

            migrationBuilder.DropTable(
                name: "report_sections");

            migrationBuilder.DropTable(
                name: "submissions");

            migrationBuilder.DropTable(
                name: "report_forms");

            migrationBuilder.DropIndex(
                name: "IX_notifications_EmailState_Id",
                table: "notifications");

            migrationBuilder.DropIndex(
                name: "IX_notifications_Key",
                table: "notifications");

            migrationBuilder.DropColumn(
                name: "Args",
                table: "notifications");

            migrationBuilder.DropColumn(
                name: "EmailAttempts",
                table: "notifications");

            migrationBuilder.DropColumn(
                name: "EmailError",
                table: "notifications");

            migrationBuilder.DropColumn(
                name: "EmailSentAt",
                table: "notifications");

            migrationBuilder.DropColumn(
                name: "EmailState",
                table: "notifications");

            migrationBuilder.DropColumn(
                name: "EmailTo",
                table: "notifications");

            migrationBuilder.DropColumn(
                name: "Key",
                table: "notifications");

            migrationBuilder.DropColumn(
                name: "Template",
                table: "notifications");
        }
    }
}
