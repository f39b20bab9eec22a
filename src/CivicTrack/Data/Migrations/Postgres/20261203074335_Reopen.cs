using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CivicTrack.Data.Migrations.Postgres
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
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ReopenRequestedAt",
                table: "submissions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReopenRequestedBy",
                table: "submissions",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReopenRequestedById",
                table: "submissions",
                type: "character varying(450)",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "ReopenedUntil",
                table: "submissions",
                type: "date",
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
