using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ShelfCloud.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Analytics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DetectorClass",
                table: "Detections",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CaptureShelfStats",
                columns: table => new
                {
                    CaptureId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StoreId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ShelfId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TakenAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Products = table.Column<int>(type: "INTEGER", nullable: false),
                    EmptyFacings = table.Column<int>(type: "INTEGER", nullable: false),
                    Rows = table.Column<int>(type: "INTEGER", nullable: false),
                    Reviewed = table.Column<int>(type: "INTEGER", nullable: false),
                    Accepted = table.Column<int>(type: "INTEGER", nullable: false),
                    AnalyzedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Gaps = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaptureShelfStats", x => x.CaptureId);
                    table.ForeignKey(
                        name: "FK_CaptureShelfStats_Captures_CaptureId",
                        column: x => x.CaptureId,
                        principalTable: "Captures",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CaptureSkuFacings",
                columns: table => new
                {
                    CaptureId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SkuId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StoreId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ShelfId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TakenAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Facings = table.Column<int>(type: "INTEGER", nullable: false),
                    LinearWidth = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaptureSkuFacings", x => new { x.CaptureId, x.SkuId });
                    table.ForeignKey(
                        name: "FK_CaptureSkuFacings_Captures_CaptureId",
                        column: x => x.CaptureId,
                        principalTable: "Captures",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CaptureShelfStats_TenantId_ShelfId_TakenAt",
                table: "CaptureShelfStats",
                columns: new[] { "TenantId", "ShelfId", "TakenAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CaptureShelfStats_TenantId_StoreId_TakenAt",
                table: "CaptureShelfStats",
                columns: new[] { "TenantId", "StoreId", "TakenAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CaptureShelfStats_TenantId_TakenAt",
                table: "CaptureShelfStats",
                columns: new[] { "TenantId", "TakenAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CaptureSkuFacings_TenantId_CaptureId",
                table: "CaptureSkuFacings",
                columns: new[] { "TenantId", "CaptureId" });

            migrationBuilder.CreateIndex(
                name: "IX_CaptureSkuFacings_TenantId_Day_SkuId_StoreId_Facings_LinearWidth",
                table: "CaptureSkuFacings",
                columns: new[] { "TenantId", "Day", "SkuId", "StoreId", "Facings", "LinearWidth" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CaptureShelfStats");

            migrationBuilder.DropTable(
                name: "CaptureSkuFacings");

            migrationBuilder.DropColumn(
                name: "DetectorClass",
                table: "Detections");
        }
    }
}
