using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ShelfCloud.Infrastructure.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class UnknownProductInbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "UnknownGroupId",
                table: "Detections",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "UnknownProductGroups",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    TenantId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Centroid = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    Members = table.Column<int>(type: "int", nullable: false),
                    FirstSeenAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    LastSeenAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Status = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    SkuId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    DecidedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    DecidedBy = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UnknownProductGroups", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Detections_TenantId_UnknownGroupId",
                table: "Detections",
                columns: new[] { "TenantId", "UnknownGroupId" });

            migrationBuilder.CreateIndex(
                name: "IX_UnknownProductGroups_TenantId_Status",
                table: "UnknownProductGroups",
                columns: new[] { "TenantId", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "UnknownProductGroups");

            migrationBuilder.DropIndex(
                name: "IX_Detections_TenantId_UnknownGroupId",
                table: "Detections");

            migrationBuilder.DropColumn(
                name: "UnknownGroupId",
                table: "Detections");
        }
    }
}
