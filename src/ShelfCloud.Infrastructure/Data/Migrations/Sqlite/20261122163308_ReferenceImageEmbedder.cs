using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ShelfCloud.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ReferenceImageEmbedder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "EmbedderModelId",
                table: "ReferenceImages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FailureReason",
                table: "ReferenceImages",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReferenceImages_TenantId_EmbedderModelId",
                table: "ReferenceImages",
                columns: new[] { "TenantId", "EmbedderModelId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ReferenceImages_TenantId_EmbedderModelId",
                table: "ReferenceImages");

            migrationBuilder.DropColumn(
                name: "EmbedderModelId",
                table: "ReferenceImages");

            migrationBuilder.DropColumn(
                name: "FailureReason",
                table: "ReferenceImages");
        }
    }
}
