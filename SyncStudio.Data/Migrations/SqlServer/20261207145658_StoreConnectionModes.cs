using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SyncStudio.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class StoreConnectionModes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "encrypted_access_token",
                table: "shopify_connections",
                type: "nvarchar(max)",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "nvarchar(max)");

            migrationBuilder.AddColumn<DateTime>(
                name: "access_token_expires_at",
                table: "shopify_connections",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "base_address",
                table: "shopify_connections",
                type: "nvarchar(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "client_id",
                table: "shopify_connections",
                type: "nvarchar(255)",
                maxLength: 255,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "encrypted_client_secret",
                table: "shopify_connections",
                type: "nvarchar(max)",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "encrypted_refresh_token",
                table: "shopify_connections",
                type: "nvarchar(max)",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "granted_scopes",
                table: "shopify_connections",
                type: "nvarchar(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "mode",
                table: "shopify_connections",
                type: "nvarchar(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "access_token");

            migrationBuilder.AddColumn<string>(
                name: "problem",
                table: "shopify_connections",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "refresh_token_expires_at",
                table: "shopify_connections",
                type: "datetime2",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "access_token_expires_at",
                table: "shopify_connections");

            migrationBuilder.DropColumn(
                name: "base_address",
                table: "shopify_connections");

            migrationBuilder.DropColumn(
                name: "client_id",
                table: "shopify_connections");

            migrationBuilder.DropColumn(
                name: "encrypted_client_secret",
                table: "shopify_connections");

            migrationBuilder.DropColumn(
                name: "encrypted_refresh_token",
                table: "shopify_connections");

            migrationBuilder.DropColumn(
                name: "granted_scopes",
                table: "shopify_connections");

            migrationBuilder.DropColumn(
                name: "mode",
                table: "shopify_connections");

            migrationBuilder.DropColumn(
                name: "problem",
                table: "shopify_connections");

            migrationBuilder.DropColumn(
                name: "refresh_token_expires_at",
                table: "shopify_connections");

            migrationBuilder.AlterColumn<string>(
                name: "encrypted_access_token",
                table: "shopify_connections",
                type: "nvarchar(max)",
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "nvarchar(max)",
                oldNullable: true);
        }
    }
}
