using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CivicTrack.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Reopen : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ReopenReason",
                table: "submissions",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ReopenRequestedAt",
                table: "submissions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReopenRequestedBy",
                table: "submissions",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReopenRequestedById",
                table: "submissions",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "ReopenedUntil",
                table: "submissions",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ReopenReason",
                table: "submissions");

            migrationBuilder.DropColumn(
                name: "ReopenRequestedAt",
                table: "submissions");

            migrationBuilder.DropColumn(
                name: "ReopenRequestedBy",
                table: "submissions");

            migrationBuilder.DropColumn(
                name: "ReopenRequestedById",
                table: "submissions");

            migrationBuilder.DropColumn(
                name: "ReopenedUntil",
                table: "submissions");
        }
    }
}
