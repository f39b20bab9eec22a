using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CivicTrack.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Languages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "Description",
                table: "report_forms",
                type: "TEXT",
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 2000,
                oldNullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Name",
                table: "pillars",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Name",
                table: "org_groups",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Name",
                table: "indicators",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Unit",
                table: "indicators",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Name",
                table: "data_elements",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Unit",
                table: "data_elements",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            // The pairs are carried into the JSON columns before they go.
            foreach (var sql in LanguageColumns.Updates(postgres: false)) migrationBuilder.Sql(sql);

            migrationBuilder.DropColumn(
                name: "NameEn",
                table: "targets");

            migrationBuilder.DropColumn(
                name: "TitleEn",
                table: "report_sections");

            migrationBuilder.DropColumn(
                name: "MessageEn",
                table: "report_rules");

            migrationBuilder.DropColumn(
                name: "NameEn",
                table: "report_forms");

            migrationBuilder.DropColumn(
                name: "TitleEn",
                table: "plans");

            migrationBuilder.DropColumn(
                name: "NameEn",
                table: "pillars");

            migrationBuilder.DropColumn(
                name: "NameVi",
                table: "pillars");

            migrationBuilder.DropColumn(
                name: "NameEn",
                table: "org_groups");

            migrationBuilder.DropColumn(
                name: "NameVi",
                table: "org_groups");

            migrationBuilder.DropColumn(
                name: "NameEn",
                table: "indicators");

            migrationBuilder.DropColumn(
                name: "NameVi",
                table: "indicators");

            migrationBuilder.DropColumn(
                name: "UnitEn",
                table: "indicators");

            migrationBuilder.DropColumn(
                name: "UnitVi",
                table: "indicators");

            migrationBuilder.DropColumn(
                name: "NameEn",
                table: "data_elements");

            migrationBuilder.DropColumn(
                name: "NameVi",
                table: "data_elements");

            migrationBuilder.DropColumn(
                name: "UnitEn",
                table: "data_elements");

            migrationBuilder.DropColumn(
                name: "UnitVi",
                table: "data_elements");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Name",
                table: "pillars");

            migrationBuilder.DropColumn(
                name: "Name",
                table: "org_groups");

            migrationBuilder.DropColumn(
                name: "Name",
                table: "indicators");

            migrationBuilder.DropColumn(
                name: "Unit",
                table: "indicators");

            migrationBuilder.DropColumn(
                name: "Name",
                table: "data_elements");

            migrationBuilder.DropColumn(
                name: "Unit",
                table: "data_elements");

            migrationBuilder.AddColumn<string>(
                name: "NameEn",
                table: "targets",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TitleEn",
                table: "report_sections",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MessageEn",
                table: "report_rules",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "Description",
                table: "report_forms",
                type: "TEXT",
                maxLength: 2000,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT");

            migrationBuilder.AddColumn<string>(
                name: "NameEn",
                table: "report_forms",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TitleEn",
                table: "plans",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NameEn",
                table: "pillars",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "NameVi",
                table: "pillars",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "NameEn",
                table: "org_groups",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "NameVi",
                table: "org_groups",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "NameEn",
                table: "indicators",
                type: "TEXT",
                maxLength: 300,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "NameVi",
                table: "indicators",
                type: "TEXT",
                maxLength: 300,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "UnitEn",
                table: "indicators",
                type: "TEXT",
                maxLength: 50,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "UnitVi",
                table: "indicators",
                type: "TEXT",
                maxLength: 50,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "NameEn",
                table: "data_elements",
                type: "TEXT",
                maxLength: 300,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "NameVi",
                table: "data_elements",
                type: "TEXT",
                maxLength: 300,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "UnitEn",
                table: "data_elements",
                type: "TEXT",
                maxLength: 50,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "UnitVi",
                table: "data_elements",
                type: "TEXT",
                maxLength: 50,
                nullable: false,
                defaultValue: "");
        }
    }
}
